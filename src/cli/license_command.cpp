#include <boost/json.hpp>

#include "app/licenses.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "core/time_format.hpp"

namespace keyward::cli {
namespace {

struct LicenseOptions {
  CommonOptions common;
  app::LicenseOrder order;
};

void issue_license(const LicenseOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  auto connection = database->acquire();
  const app::Actor actor = app::command_line_actor(*connection);
  const app::IssuedLicense issued = app::issue_license(*database, actor, options.order);
  const core::License& license = issued.license;
  print_result(
      options.common,
      {{"id", license.id},
       {"key", license.key},
       {"name", license.name},
       {"type", core::to_string(license.type)},
       {"seats", license.seats_total ? boost::json::value(*license.seats_total)
                                     : boost::json::value(nullptr)},
       {"expires_at", core::format_timestamp(license.expires_at)},
       {"customer_id", license.customer_id},
       {"group_id", issued.main_group.id}},
      license.key);
}

}  // namespace

void add_license_command(CLI::App& app) {
  auto options = std::make_shared<LicenseOptions>();
  CLI::App* issue =
      &add_action_command(app, "license", "Manage licenses", "issue",
                          "Issue a license to a customer, with its main group", options->common);
  issue->add_option("--customer", options->order.customer_reference, "Customer (name or id)")
      ->required();
  issue->add_option("--seats", options->order.seats, "Number of activations (purchase)")
      ->required();
  issue->add_option("--years", options->order.years, "Term: 1, 2, 3 or 5 years")->required();
  issue->add_option("--type", options->order.type, "purchase or msp (unlimited activations)")
      ->check(CLI::IsMember({"purchase", "msp"}))
      ->capture_default_str();
  issue->add_option("--name", options->order.name, "License name (default: the customer's)");
  issue->callback([options] { run_guarded([&] { issue_license(*options); }); });
}

}  // namespace keyward::cli
