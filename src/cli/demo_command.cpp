#include <boost/json.hpp>

#include "app/demo_data.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

namespace keyward::cli {
namespace {

void create_demo_data(const CommonOptions& options) {
  auto database = open_migrated_database(options.database_url);
  const app::DemoSummary summary = app::ensure_demo_data(*database);
  const std::string login =
      "sign in as " + summary.reseller_admin.email + " / " + summary.reseller_admin.password;
  boost::json::array licenses;
  for (const auto& license : summary.licenses) {
    licenses.push_back({{"key", license.key}, {"devices", license.devices}});
  }
  print_result(options,
               {{"created", summary.created},
                {"licenses", std::move(licenses)},
                {"email", summary.reseller_admin.email},
                {"password", summary.reseller_admin.password}},
               summary.created ? "demo data created (" + std::to_string(summary.licenses.size()) +
                                     " licenses); " + login
                               : "demo data present; " + login);
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command =
      app.add_subcommand("demo", "Create demo companies, users and licenses (once)");
  add_common_options(*command, *options);
  command->callback([options] { run_guarded([&] { create_demo_data(*options); }); });
}

}  // namespace keyward::cli
