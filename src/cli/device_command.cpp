#include <boost/json.hpp>

#include "api/device_json.hpp"
#include "app/device_commands.hpp"
#include "app/device_queries.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "core/status_messages.hpp"

namespace keyward::cli {
namespace {

struct DeviceOptions {
  CommonOptions common;
  app::CommandRequest command;
};

app::Actor actor_for(store::Database& database) {
  auto connection = database.acquire();
  return app::command_line_actor(*connection);
}

std::string status_lines(const app::DeviceDetails& details) {
  std::string text;
  for (const auto& status : details.status.statuses) {
    text += "\n  " + std::to_string(status.code) + " " +
            core::status_text(status, core::Language::en).message;
  }
  return text;
}

void show_device(const DeviceOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  app::PolicyCache policies;
  const app::DeviceDetails details = app::describe_device(
      *database, policies, actor_for(*database), options.command.device_id);
  print_result(options.common, api::device_details_json(details, core::Language::en),
               details.device.hostname + (details.device.active ? " (active)" : " (deactivated)") +
                   status_lines(details));
}

void send_command(const DeviceOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  app::PolicyCache policies;
  const core::DeviceCommand command =
      app::queue_device_command(*database, policies, actor_for(*database), options.command);
  print_result(options.common, api::command_json(command),
               "queued " + command.type + " as command " + std::to_string(command.id));
}

void delete_device(const DeviceOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  app::PolicyCache policies;
  app::delete_device(*database, policies, actor_for(*database), options.command.device_id);
  print_result(options.common, {{"deleted", options.command.device_id}},
               "deleted device " + std::to_string(options.command.device_id));
}

CLI::App* device_subcommand(CLI::App& app, const std::string& name,
                            const std::string& description, DeviceOptions& options) {
  CLI::App& command = add_action_command(app, "device", "Inspect devices and send them commands",
                                         name, description, options.common);
  command.add_option("--device", options.command.device_id, "Device id")->required();
  return &command;
}

}  // namespace

void add_device_command(CLI::App& app) {
  auto show = std::make_shared<DeviceOptions>();
  device_subcommand(app, "show", "A device with its statuses, commands and action log", *show)
      ->callback([show] { run_guarded([&] { show_device(*show); }); });

  auto command = std::make_shared<DeviceOptions>();
  CLI::App* send = device_subcommand(
      app, "command", "Queue a command for the device's next check-in", *command);
  send->add_option("--type", command->command.type, "activate, deactivate, apply_settings, scan")
      ->required()
      ->check(CLI::IsMember({"activate", "deactivate", "apply_settings", "scan"}));
  send->add_option("--scan-type", command->command.scan_type,
                   "quick, system_partition, complete or removable_media")
      ->capture_default_str();
  send->callback([command] { run_guarded([&] { send_command(*command); }); });

  auto remove = std::make_shared<DeviceOptions>();
  device_subcommand(app, "delete", "Delete a deactivated device", *remove)
      ->callback([remove] { run_guarded([&] { delete_device(*remove); }); });
}

}  // namespace keyward::cli
