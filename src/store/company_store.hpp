#pragma once
// Companies: the operator → reseller → customer tree that tenant scopes are made of.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"
#include "store/list_page.hpp"

namespace keyward::store {

struct CompanyFilter {
  std::string q;  // contained in the name (case-insensitive)
  std::optional<core::CompanyKind> kind;
  std::optional<core::Id> parent_id;
};

// The sort keys of the companies list.
inline constexpr std::string_view kCompanySortKeys[] = {"name", "kind", "created_at"};

class CompanyStore {
 public:
  explicit CompanyStore(Connection& connection) : connection_(connection) {}

  // Adds a reseller (under the operator) or a customer (under a reseller). Throws
  // core::Error invalid_request `invalid_parent` when the parent does not fit the kind, and
  // DbError unique_violation when the parent already has a company of that name (any case).
  core::Company create(core::CompanyKind kind, core::Id parent_id, const std::string& name,
                       core::UnixTime now);
  // The single operator company that migration 1 creates.
  core::Company operator_company();
  std::optional<core::Company> find(const core::TenantScope& scope, core::Id id);
  // Case-insensitive; with `parent_id`, only among that parent's children.
  std::optional<core::Company> find_by_name(const core::TenantScope& scope, std::string_view name,
                                            std::optional<core::Id> parent_id = std::nullopt);
  // Direct children of `parent_id` visible in `scope`, by name.
  std::vector<core::Company> children(const core::TenantScope& scope, core::Id parent_id);
  // Whether `company_id` exists and lies within `scope`.
  bool in_scope(const core::TenantScope& scope, core::Id company_id);
  // The companies within `scope` (the scope's own company included) that match `filter`.
  ListPage<core::Company> list(const core::TenantScope& scope, const CompanyFilter& filter,
                               const core::ListQuery& query);
  // Throws DbError unique_violation when a sibling has the name (any letter case).
  void rename(core::Id id, const std::string& name);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
