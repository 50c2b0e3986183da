#include "app/demo_data.hpp"

#include <vector>

#include "app/actor.hpp"
#include "app/companies.hpp"
#include "app/licenses.hpp"
#include "app/users.hpp"
#include "store/company_store.hpp"

namespace keyward::app {
namespace {

// Only ever used on a local demo database; printed by `make run`.
constexpr const char* kDemoPassword = "keyward-demo-2026";

struct DemoReseller {
  std::string name;
  std::string domain;
  std::vector<std::string> customers;
};

const std::vector<DemoReseller>& demo_resellers() {
  static const std::vector<DemoReseller> resellers = {
      {"Northwind IT Services",
       "northwind.example",
       {"Lüneburg Dental Practice", "Harbor Logistics GmbH", "Kiel Architects",
        "Baltic Bakery", "Elbe Insurance Brokers"}},
      {"Contoso Partner AG", "contoso.example", {"Fabrikam Ltd", "Tailspin Toys"}},
  };
  return resellers;
}

struct DemoTerms {
  std::int64_t seats;
  std::int64_t years;
  const char* type;
  int devices;  // a full license, nearly full ones and roomy ones
};

constexpr DemoTerms kLicensePattern[] = {
    {50, 3, "purchase", 38}, {10, 1, "purchase", 10}, {25, 2, "purchase", 9},
    {1, 1, "msp", 24},       {5, 5, "purchase", 4},
};

bool demo_exists(store::Database& database) {
  auto connection = database.acquire();
  const Actor actor = command_line_actor(*connection);
  return store::CompanyStore(*connection)
      .find_by_name(actor.scope, demo_resellers().front().name)
      .has_value();
}

}  // namespace

DemoSummary ensure_demo_data(store::Database& database) {
  DemoSummary summary;
  summary.reseller_admin = {"admin@" + demo_resellers().front().domain, kDemoPassword};
  if (demo_exists(database)) return summary;

  Actor actor = [&] {
    auto connection = database.acquire();
    return command_line_actor(*connection);
  }();
  create_user(database, actor,
              {"Operator", "operator@keyward.example", "admin", kDemoPassword, "Operator"});
  std::size_t pattern = 0;
  for (const DemoReseller& reseller : demo_resellers()) {
    create_company(database, actor, core::CompanyKind::reseller, reseller.name, std::nullopt);
    create_user(database, actor,
                {reseller.name, "admin@" + reseller.domain, "admin", kDemoPassword, ""});
    create_user(database, actor,
                {reseller.name, "tech@" + reseller.domain, "technician", kDemoPassword, ""});
    for (const std::string& customer : reseller.customers) {
      create_company(database, actor, core::CompanyKind::customer, customer, reseller.name);
      const DemoTerms& terms = kLicensePattern[pattern++ % std::size(kLicensePattern)];
      const IssuedLicense issued =
          issue_license(database, actor, {customer, terms.seats, terms.years, terms.type, ""});
      summary.licenses.push_back({issued.license.key, terms.devices});
    }
  }
  summary.created = true;
  return summary;
}

}  // namespace keyward::app
