#include <boost/json.hpp>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "store/migrations.hpp"

namespace keyward::cli {

void add_migrate_command(CLI::App& app) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command =
      app.add_subcommand("migrate", "Apply pending database migrations (forward-only)");
  add_common_options(*command, *options);
  command->callback([options] {
    run_guarded([&] {
      auto database = store::Database::open(options->database_url);
      const store::MigrationResult result = store::migrate(*database);
      boost::json::object json{{"applied", result.applied}, {"version", result.version}};
      print_result(*options, json,
                   "applied " + std::to_string(result.applied) + " migration(s); schema version " +
                       std::to_string(result.version));
    });
  });
}

}  // namespace keyward::cli
