#pragma once
// Applying the status table (core/device_status) to stored devices, and keeping the
// status_flags column that makes status filters index queries.

#include <optional>
#include <vector>

#include "app/policy.hpp"
#include "core/device_status.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"
#include "store/device_store.hpp"

namespace keyward::app {

// `memo`: see core::OsEolMemo; it must belong to policy's calendar.
core::StatusReport evaluate_device(const core::Device& device,
                                   std::optional<std::int64_t> profile_revision,
                                   bool hostname_shared, const Policy& policy, core::UnixTime now,
                                   core::OsEolMemo* memo = nullptr);

// The flags as stored. "unknown" (no contact for N days) changes with time alone, so it is
// not stored: lists compare last_contact_at with the threshold instead.
std::int64_t stored_status_flags(const core::StatusReport& report);

// Recomputes and stores the flags of one device (after a change made in the portal).
void refresh_status_flags(store::Connection& connection, const Policy& policy, core::Id device_id,
                          core::UnixTime now);

// "review" (a host name used by several devices of a license) depends on the other devices.
// When a device takes or leaves a host name, only another device that is or was alone with
// it under that name changes: with two or more others, each of them has a peer before and
// after. lone_hostname_peer finds that device, if there is one; refresh_hostname_peers
// re-evaluates it. So a rename costs the same whether a name has two devices or thousands.
std::optional<core::Id> lone_hostname_peer(store::DeviceStore& devices, core::Id license_id,
                                           const std::string& hostname, core::Id except_device_id);
void refresh_hostname_peers(store::Connection& connection, const Policy& policy,
                            core::Id license_id, const std::string& hostname,
                            core::Id except_device_id, core::UnixTime now);

// Recomputes the flags of the devices `filter` selects inside the caller's transaction, so
// they commit with the change that moved them (a group's profile assigned or removed, a new
// revision of a profile). Returns how many devices it evaluated.
std::int64_t refresh_selected_status_flags(store::Connection& connection, const Policy& policy,
                                           const store::EvaluationFilter& filter,
                                           core::UnixTime now);

// Recomputes every device's flags in batches (after a policy change, and daily because
// end-of-life dates pass). Returns how many devices it evaluated.
std::int64_t refresh_all_status_flags(store::Database& database, const Policy& policy,
                                      core::UnixTime now);

}  // namespace keyward::app
