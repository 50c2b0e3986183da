#pragma once
// One function per sub-command of `keyward`; each adds itself with its options, help text
// and callback to the application.

#include <CLI/CLI.hpp>

namespace keyward::cli {

void add_serve_command(CLI::App& app);
void add_migrate_command(CLI::App& app);
void add_company_command(CLI::App& app);
void add_user_command(CLI::App& app);
void add_token_command(CLI::App& app);
void add_license_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_device_command(CLI::App& app);
void add_policy_command(CLI::App& app);
void add_installer_command(CLI::App& app);
void add_backup_commands(CLI::App& app);

}  // namespace keyward::cli
