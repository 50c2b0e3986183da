#include <boost/json.hpp>

#include "app/companies.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

namespace keyward::cli {
namespace {

struct CompanyOptions {
  CommonOptions common;
  std::string name;
  std::string kind;
  std::optional<std::string> parent;
};

void create_company(const CompanyOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  auto connection = database->acquire();
  const app::Actor actor = app::command_line_actor(*connection);
  const core::Company company = app::create_company(
      *database, actor, *core::parse_company_kind(options.kind), options.name, options.parent);
  print_result(options.common,
               {{"id", company.id},
                {"name", company.name},
                {"kind", core::to_string(company.kind)},
                {"parent_id", company.parent_id ? boost::json::value(*company.parent_id)
                                                : boost::json::value(nullptr)}},
               "created " + std::string(core::to_string(company.kind)) + " " + company.name +
                   " with id " + std::to_string(company.id));
}

}  // namespace

void add_company_command(CLI::App& app) {
  auto options = std::make_shared<CompanyOptions>();
  CLI::App* create =
      &add_action_command(app, "company", "Manage companies (resellers, customers)", "create",
                          "Create a reseller or a customer", options->common);
  create->add_option("--name", options->name, "Company name (unique under its parent)")
      ->required();
  create->add_option("--kind", options->kind, "reseller or customer")
      ->required()
      ->check(CLI::IsMember({"reseller", "customer"}));
  create->add_option("--parent", options->parent,
                     "Parent company (name or id): the reseller of a customer");
  create->callback([options] { run_guarded([&] { create_company(*options); }); });
}

}  // namespace keyward::cli
