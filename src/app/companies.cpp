#include "app/companies.hpp"

#include <algorithm>
#include <cctype>

#include "app/action_log.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "store/company_store.hpp"

namespace keyward::app {
namespace {

constexpr std::size_t kMaxCompanyName = 200;

bool is_id(const std::string& reference) {
  return !reference.empty() && reference.size() <= 18 &&
         std::all_of(reference.begin(), reference.end(),
                     [](unsigned char c) { return std::isdigit(c); });
}

core::Company parent_for(store::Connection& connection, const Actor& actor, core::CompanyKind kind,
                         const std::optional<std::string>& parent_reference) {
  if (kind == core::CompanyKind::operator_) {
    throw core::invalid_request("kind", "must be reseller or customer");
  }
  if (!parent_reference) {
    if (kind == core::CompanyKind::customer) {
      throw core::invalid_request("--parent", "a customer needs its reseller as parent");
    }
    return store::CompanyStore(connection).operator_company();
  }
  return resolve_company(connection, actor, *parent_reference, "parent");
}

}  // namespace

core::Id reseller_of(const core::Company& company) {
  return company.kind == core::CompanyKind::customer ? company.parent_id.value_or(company.id)
                                                     : company.id;
}

core::Company resolve_company(store::Connection& connection, const Actor& actor,
                              const std::string& reference, const std::string& role) {
  store::CompanyStore companies(connection);
  std::optional<core::Company> company =
      is_id(reference) ? companies.find(actor.scope, std::stoll(reference))
                       : companies.find_by_name(actor.scope, reference);
  if (!company) throw core::not_found(role);
  return *company;
}

core::Company create_company(store::Database& database, const Actor& actor, core::CompanyKind kind,
                             const std::string& name,
                             const std::optional<std::string>& parent_reference) {
  const std::string checked_name = core::require_text("name", name, 1, kMaxCompanyName);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Company parent = parent_for(*connection, actor, kind, parent_reference);
  store::CompanyStore companies(*connection);
  if (companies.find_by_name(actor.scope, checked_name, parent.id)) {
    throw core::Error(core::ErrorKind::conflict, "company_exists",
                      "a company named \"" + checked_name + "\" already exists under " +
                          parent.name);
  }
  const core::Company company = companies.create(kind, parent.id, checked_name, now());
  log_change(*connection, actor,
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = "company.created",
              .details = {{"name", company.name}, {"kind", core::to_string(kind)}}},
             company.created_at);
  transaction.commit();
  return company;
}

}  // namespace keyward::app
