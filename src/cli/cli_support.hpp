#pragma once
// What every `keyward` sub-command shares: the --db and --json options, opening and
// migrating the database, and printing a result as one JSON object or as readable text.

#include <CLI/CLI.hpp>

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace keyward::cli {

inline constexpr const char* kDefaultDatabaseUrl = "sqlite:var/keyward.db";

struct CommonOptions {
  std::string database_url = kDefaultDatabaseUrl;
  bool json = false;
};

// Adds --db (also KEYWARD_DB) and --json to a sub-command.
void add_common_options(CLI::App& command, CommonOptions& options);

// `keyward GROUP ACTION` (e.g. `company create`): finds or adds the group command, which
// requires a sub-command, and adds ACTION to it with --db and --json.
CLI::App& add_action_command(CLI::App& app, const std::string& group,
                             const std::string& group_help, const std::string& action,
                             const std::string& action_help, CommonOptions& options);

// Opens the database and applies pending migrations (forward-only and idempotent), so every
// command works on a fresh database file.
std::unique_ptr<store::Database> open_migrated_database(const std::string& url);

// Prints `result` as one JSON object with --json, else `text` (one line per fact).
void print_result(const CommonOptions& options, const boost::json::object& result,
                  const std::string& text);

// Runs a command body; any error becomes one line "keyward: <message>" on stderr and exit
// code 1 (CLI11 reports usage errors itself with exit code 2 or more).
void run_guarded(const std::function<void()>& body);

// Reads the whole standard input without its final line break (a password piped in).
std::string read_stdin_secret();

}  // namespace keyward::cli
