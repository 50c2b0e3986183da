#include "app/licenses.hpp"

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "core/validation.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"

namespace keyward::app {
namespace {

core::LicenseType parse_type_or_throw(const std::string& text) {
  const auto type = core::parse_license_type(text);
  if (!type) throw core::invalid_request("type", "must be purchase or msp");
  return *type;
}

}  // namespace

IssuedLicense issue_license(store::Database& database, const Actor& actor,
                            const LicenseOrder& order) {
  require_operator_admin(actor, "issue licenses");
  core::License license;
  license.type = parse_type_or_throw(order.type);
  license.term_years = core::require_term_years(order.years);
  if (license.type == core::LicenseType::purchase) {
    license.seats_total = core::require_seats(order.seats);
  }

  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Company customer =
      resolve_company(*connection, actor, order.customer_reference, "customer");
  if (customer.kind != core::CompanyKind::customer) {
    throw core::invalid_request("customer", customer.name + " is not a customer");
  }
  license.name = order.name.empty() ? customer.name : core::require_text("name", order.name, 1, 200);
  license.key = new_license_key();
  license.customer_id = customer.id;
  license.reseller_id = reseller_of(customer);
  license.created_at = license.updated_at = now();
  license.expires_at = core::expiry_after_years(license.created_at, *license.term_years);

  store::LicenseStore licenses(*connection);
  license = licenses.create(license);
  const core::Group main_group =
      store::GroupStore(*connection).create_main(license.id, customer.name, license.created_at);
  licenses.set_main_group(license.id, main_group.id);
  license.main_group_id = main_group.id;
  log_change(*connection, actor,
             {.company_id = customer.id,
              .reseller_id = license.reseller_id,
              .license_id = license.id,
              .action = "license.issued",
              .details = {{"type", core::to_string(license.type)},
                          {"seats", license.seats_total ? boost::json::value(*license.seats_total)
                                                        : boost::json::value(nullptr)},
                          {"years", *license.term_years}}},
             license.created_at);
  transaction.commit();
  return {license, main_group};
}

}  // namespace keyward::app
