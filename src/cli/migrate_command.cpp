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
      const auto applied = static_cast<std::int64_t>(store::migrate(*database).size());
      auto connection = database->acquire();
      const std::int64_t version = store::schema_version(*connection);
      print_result(*options, {{"applied", applied}, {"version", version}},
                   "applied " + std::to_string(applied) + " migration(s); schema version " +
                       std::to_string(version));
    });
  });
}

}  // namespace keyward::cli
