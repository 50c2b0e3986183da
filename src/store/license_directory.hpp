#pragma once
// The portal's reads of licenses: the license list (search, filters, sort, paging) and one
// license, each with its customer's and main group's names.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

struct LicenseView {
  core::License license;
  std::string customer_name;
  std::string group_name;  // of the main group
};

struct LicenseFilter {
  std::optional<core::Id> customer_id;
  std::optional<core::UnixTime> expires_from;    // expires_at >= this
  std::optional<core::UnixTime> expires_before;  // expires_at < this
};

// Sort keys of the license list.
inline constexpr std::string_view kLicenseSortKeys[] = {"name",        "customer", "expires_at",
                                                        "activations", "type",     "created_at"};

class LicenseDirectory {
 public:
  explicit LicenseDirectory(Connection& connection) : connection_(connection) {}

  // Licenses in `scope` that pass `filter` and whose name or customer name contains query.q
  // (ASCII letters in any case), the page of query.
  core::Page<LicenseView> list(const core::TenantScope& scope, const LicenseFilter& filter,
                               const core::ListQuery& query);
  // Every license of the list in its order, one at a time (query's page is ignored): exports.
  void for_each(const core::TenantScope& scope, const LicenseFilter& filter,
                const core::ListQuery& query, const std::function<void(const LicenseView&)>& visit);
  std::int64_t count(const core::TenantScope& scope, const LicenseFilter& filter);
  std::optional<LicenseView> find(const core::TenantScope& scope, core::Id id);

 private:
  std::string ordered_select(const core::TenantScope& scope, const LicenseFilter& filter,
                             const core::ListQuery& query, Params& params);
  Connection& connection_;
};

}  // namespace keyward::store
