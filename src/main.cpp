// The `keyward` command: the server and the administration commands around it.

#include <CLI/CLI.hpp>

#include "app/secrets.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  keyward::app::init_secrets();
  CLI::App app{"Keyward: license and device management for endpoint antivirus clients"};
  app.require_subcommand(1);
  keyward::cli::add_serve_command(app);
  keyward::cli::add_migrate_command(app);
  keyward::cli::add_company_command(app);
  keyward::cli::add_user_command(app);
  keyward::cli::add_token_command(app);
  keyward::cli::add_license_command(app);
  keyward::cli::add_demo_command(app);
  keyward::cli::add_device_command(app);
  keyward::cli::add_policy_command(app);
  keyward::cli::add_installer_command(app);
  keyward::cli::add_backup_commands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
