#include "cli/cli_support.hpp"

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <iostream>
#include <iterator>

#include "core/error.hpp"
#include "store/migrations.hpp"

namespace keyward::cli {

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("--db", options.database_url, "Database URL: sqlite:PATH or postgresql://...")
      ->envname("KEYWARD_DB")
      ->capture_default_str();
  command.add_flag("--json", options.json, "Print the result as one JSON object");
}

CLI::App& add_action_command(CLI::App& app, const std::string& group,
                             const std::string& group_help, const std::string& action,
                             const std::string& action_help, CommonOptions& options) {
  const auto existing =
      app.get_subcommands([&group](CLI::App* command) { return command->get_name() == group; });
  CLI::App* parent = existing.empty() ? nullptr : existing.front();
  if (parent == nullptr) {
    parent = app.add_subcommand(group, group_help);
    parent->require_subcommand(1);
  }
  CLI::App* command = parent->add_subcommand(action, action_help);
  add_common_options(*command, options);
  return *command;
}

std::unique_ptr<store::Database> open_migrated_database(const std::string& url) {
  auto database = store::Database::open(url);
  store::migrate(*database);
  return database;
}

void print_result(const CommonOptions& options, const boost::json::object& result,
                  const std::string& text) {
  if (options.json) {
    std::cout << boost::json::serialize(result) << '\n';
  } else {
    std::cout << text << '\n';
  }
}

void run_guarded(const std::function<void()>& body) {
  try {
    body();
  } catch (const std::exception& error) {
    std::cerr << "keyward: " << error.what() << '\n';
    std::exit(1);
  }
}

std::string read_stdin_secret() {
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace keyward::cli
