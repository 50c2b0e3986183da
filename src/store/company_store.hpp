#pragma once
// Companies: the operator → reseller → customer tree that tenant scopes are made of.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

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

 private:
  Connection& connection_;
};

}  // namespace keyward::store
