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

core::Error company_exists(const std::string& name, const std::string& parent_name) {
  return core::Error(core::ErrorKind::conflict, "company_exists",
                     "a company named \"" + name + "\" already exists under " + parent_name);
}

// Resellers belong to the operator, customers to a reseller; nothing lies below a customer.
std::optional<core::CompanyKind> child_kind(core::CompanyKind kind) {
  switch (kind) {
    case core::CompanyKind::operator_:
      return core::CompanyKind::reseller;
    case core::CompanyKind::reseller:
      return core::CompanyKind::customer;
    case core::CompanyKind::customer:
      return std::nullopt;
  }
  return std::nullopt;
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
    throw company_exists(checked_name, parent.name);
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

store::ListPage<core::Company> list_companies(store::Database& database, const Actor& actor,
                                              const store::CompanyFilter& filter,
                                              const core::ListQuery& query) {
  auto connection = database.acquire();
  return store::CompanyStore(*connection).list(actor.scope, filter, query);
}

core::Company find_company(store::Database& database, const Actor& actor, core::Id id) {
  auto connection = database.acquire();
  auto company = store::CompanyStore(*connection).find(actor.scope, id);
  if (!company) throw core::not_found("company");
  return *company;
}

core::Company create_child_company(store::Database& database, const Actor& actor,
                                   const std::string& name, std::optional<core::CompanyKind> kind) {
  require_admin(actor, "create companies");
  const auto below = child_kind(actor.scope.kind());
  if (!below) {
    throw core::Error(core::ErrorKind::forbidden, "forbidden",
                      "customers can not create companies");
  }
  if (kind && *kind != *below) {
    throw core::Error(core::ErrorKind::invalid_request, "invalid_parent",
                      "kind: your company can only have companies of kind " +
                          std::string(core::to_string(*below)) + " below it");
  }
  return create_company(database, actor, *below, name, std::to_string(actor.scope.company_id()));
}

core::Company rename_company(store::Database& database, const Actor& actor, core::Id id,
                             const std::string& name) {
  require_admin(actor, "rename companies");
  const std::string checked_name = core::require_text("name", name, 1, kMaxCompanyName);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::CompanyStore companies(*connection);
  auto company = companies.find(actor.scope, id);
  if (!company) throw core::not_found("company");
  // A company's name is managed by the company above it, so that a conflict with a sibling's
  // name is only ever reported to someone who sees all the siblings.
  if (company->id == actor.scope.company_id() || !company->parent_id) {
    throw core::Error(core::ErrorKind::forbidden, "forbidden",
                      "a company is renamed by the company above it");
  }
  const auto sibling = companies.find_by_name(actor.scope, checked_name, *company->parent_id);
  if (sibling && sibling->id != id) {
    throw company_exists(checked_name, companies.find(actor.scope, *company->parent_id)->name);
  }
  const std::string old_name = company->name;
  try {
    companies.rename(id, checked_name);
  } catch (const store::DbError& error) {
    if (error.db_kind() == store::DbErrorKind::unique_violation) {
      throw company_exists(checked_name, "its parent");
    }
    throw;
  }
  company->name = checked_name;
  log_change(*connection, actor,
             {.company_id = company->id,
              .reseller_id = reseller_of(*company),
              .action = "company.renamed",
              .details = {{"from", old_name}, {"to", checked_name}}},
             now());
  transaction.commit();
  return *company;
}

}  // namespace keyward::app
