#include <boost/json.hpp>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "store/backup.hpp"

namespace keyward::cli {
namespace {

struct BackupOptions {
  CommonOptions common;
  std::string file;
  bool replace = false;
};

void print_backup(const CommonOptions& options, const std::string& verb, const std::string& file,
                  const store::BackupInfo& info) {
  print_result(options,
               {{"file", file}, {"schema_version", info.schema_version}, {"bytes", info.bytes}},
               verb + " " + file + " (" + std::to_string(info.bytes) + " bytes, schema version " +
                   std::to_string(info.schema_version) + ")");
}

CLI::App* add_file_command(CLI::App& app, const std::string& name, const std::string& help,
                           BackupOptions& options, const std::string& file_help) {
  CLI::App* command = app.add_subcommand(name, help);
  add_common_options(*command, options.common);
  command->add_option("FILE", options.file, file_help)->required();
  return command;
}

}  // namespace

void add_backup_commands(CLI::App& app) {
  auto backup = std::make_shared<BackupOptions>();
  add_file_command(app, "backup",
                   "Copy the database into FILE while servers keep running (SQLite: online "
                   "backup; PostgreSQL: pg_dump custom format)",
                   *backup, "The backup file to create; it must not exist")
      ->callback([backup] {
        run_guarded([&] {
          print_backup(backup->common, "wrote", backup->file,
                       store::backup_database(backup->common.database_url, backup->file));
        });
      });

  auto restore = std::make_shared<BackupOptions>();
  CLI::App* restore_command = add_file_command(
      app, "restore",
      "Replace the database by a backup made with `keyward backup` (stop the servers first)",
      *restore, "The backup file to restore");
  restore_command->add_flag("--replace", restore->replace,
                            "Overwrite a database that holds Keyward data already");
  restore_command->callback([restore] {
    run_guarded([&] {
      print_backup(restore->common, "restored", restore->file,
                   store::restore_database(restore->common.database_url, restore->file,
                                           restore->replace));
    });
  });
}

}  // namespace keyward::cli
