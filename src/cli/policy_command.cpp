#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "app/actor.hpp"
#include "app/device_evaluation.hpp"
#include "app/operator_tasks.hpp"
#include "app/policy.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

namespace keyward::cli {
namespace {

struct PolicyOptions {
  CommonOptions common;
  std::string key;
  std::string value;
  std::string file;
};

void show_policy(const PolicyOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  auto connection = database->acquire();
  boost::json::object json;
  std::string text;
  for (const auto& [key, value] : app::describe_policy(app::load_policy(*connection))) {
    json[key] = value;
    if (key != "os_eol_calendar") text += key + " = " + value + "\n";
  }
  text += "os_eol_calendar: see --json";
  print_result(options.common, json, text);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::invalid_request("--file", "can not read " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void set_policy(const PolicyOptions& options) {
  if (options.value.empty() == options.file.empty()) {
    throw core::invalid_request("value", "give either a VALUE or --file");
  }
  const std::string value = options.file.empty() ? options.value : read_file(options.file);
  auto database = open_migrated_database(options.common.database_url);
  const app::Actor actor = app::command_line_actor(*database->acquire());
  std::int64_t devices = 0;
  // Status flags depend on the policy (current release, EOL dates): recompute them now.
  app::change_policy(*database, actor, options.key, value, [&] {
    auto connection = database->acquire();
    devices = app::refresh_all_status_flags(*database, app::load_policy(*connection), app::now());
  });
  print_result(options.common, {{"key", options.key}, {"devices_evaluated", devices}},
               "set " + options.key + "; re-evaluated " + std::to_string(devices) + " devices");
}

}  // namespace

void add_policy_command(CLI::App& app) {
  std::string keys;
  for (const auto& key : app::policy_keys()) {
    keys += "\n  " + std::string(key.key) + ": " + std::string(key.description);
  }
  CLI::App* policy = app.add_subcommand(
      "policy", "Status thresholds, current client release, OS end-of-life calendar" + keys);
  policy->require_subcommand(1);

  auto show = std::make_shared<PolicyOptions>();
  CLI::App* show_command = policy->add_subcommand("show", "Print the policy");
  add_common_options(*show_command, show->common);
  show_command->callback([show] { run_guarded([&] { show_policy(*show); }); });

  auto set = std::make_shared<PolicyOptions>();
  CLI::App* set_command = policy->add_subcommand("set", "Change one policy value" + keys);
  add_common_options(*set_command, set->common);
  set_command->add_option("key", set->key, "Policy key")->required();
  set_command->add_option("value", set->value, "New value");
  set_command->add_option("--file", set->file, "Read the value from a file (os_eol_calendar)");
  set_command->callback([set] { run_guarded([&] { set_policy(*set); }); });
}

}  // namespace keyward::cli
