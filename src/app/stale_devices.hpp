#pragma once
// Stale-device cleanup (SPEC.md §7): preview the active devices of a license or a company
// that have not been in contact for N days, then deactivate them to free their activations.
// Deactivation is the device command of the bulk action (app/device_commands), one device per
// transaction, so seats are freed and every device gets its action-log entry exactly as
// there; a device that checked in meanwhile is refused (409 device_not_stale).
//
// A company may have an automatic rule {enabled, days}: the maintenance pass deactivates its
// stale devices under the author "Stale-device rule". A reseller's rule covers all its
// customers' devices.

#include <vector>

#include "app/actor.hpp"
#include "app/device_bulk.hpp"
#include "app/device_list.hpp"
#include "app/policy.hpp"
#include "core/list_query.hpp"
#include "core/stale_devices.hpp"
#include "store/database.hpp"

namespace keyward::app {

// What a request names: one license, or a company (a reseller: all its customers).
struct StaleOwner {
  enum class Kind { license, company } kind = Kind::license;
  core::Id id = 0;
};

// 404 for a license or company the actor can not see.
core::Page<DeviceListItem> preview_stale_devices(store::Database& database, PolicyCache& policies,
                                                 const Actor& actor, const StaleOwner& owner,
                                                 std::int64_t days, const core::ListQuery& query);

struct StaleDeactivationResult {
  std::vector<BulkItemResult> results;  // in the order of the request's ids, else oldest first
  std::int64_t remaining = 0;           // stale devices left (beyond one request's maximum)
};

// 403 for viewers, 404 as above, 409 license_expired for an expired license. Without ids it
// deactivates up to core::kMaxBulkDevices stale devices; a named device outside the owner is
// not_found.
StaleDeactivationResult deactivate_stale_devices(store::Database& database, PolicyCache& policies,
                                                 const Actor& actor, const StaleOwner& owner,
                                                 const core::StaleDeactivation& request);

// The company's rule (the default when none was stored); 404 for a company the actor can not
// see.
core::StaleRule stale_rule(store::Database& database, const Actor& actor, core::Id company_id);
// 403 for viewers, 404 as above; logged as company.stale_rule_changed.
core::StaleRule set_stale_rule(store::Database& database, const Actor& actor, core::Id company_id,
                               const core::StaleRule& rule);

// Applies every enabled rule once; returns how many devices it deactivated.
std::int64_t apply_stale_rules(store::Database& database, PolicyCache& policies);

inline constexpr const char* kStaleRuleActor = "Stale-device rule";

}  // namespace keyward::app
