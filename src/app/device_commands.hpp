#pragma once
// Commands for devices (SPEC.md §2 Device): activate, deactivate, apply_settings, scan.
// Each is an action-log entry that walks created -> outstanding (queued for the device) ->
// running (handed out at a check-in) -> completed | aborted (the device's answer, or a
// timeout). Deactivation frees the seat at once, activation takes one at once: the seat
// count follows the portal, not the client's acknowledgement.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct CommandRequest {
  core::Id device_id = 0;
  std::string type;  // activate | deactivate | apply_settings | scan
  std::string scan_type = "quick";  // scan: quick | system_partition | complete | removable_media
  // Only for a device that has not been in contact since then (stale-device cleanup), checked
  // in the command's transaction: 409 device_not_stale otherwise.
  std::optional<core::UnixTime> unless_seen_since;
};

// Errors: 404 device (also another tenant's), 403 for viewers, 409 license_expired,
// 409 device_active / device_inactive, 409 device_not_stale, 409 no_free_activations (activate),
// 409 profile_missing (apply_settings without a profile), 400 for an unknown type.
core::DeviceCommand queue_device_command(store::Database& database, PolicyCache& policies,
                                         const Actor& actor, const CommandRequest& request);

// The payload of apply_settings: the revision and its settings, as the device applies them.
boost::json::object apply_settings_payload(const core::ProfileRevision& revision);

// Queues a command whose device changes are already made, inside the caller's transaction:
// its action-log entry (created, then outstanding) and the command itself. For callers that
// queue one command for many devices (transmitting a profile) and checked tenancy and the
// license themselves. Needs the device's id, license, customer and reseller.
core::DeviceCommand queue_prepared_command(store::Connection& connection, const Actor& actor,
                                           const core::Device& device, const std::string& type,
                                           const boost::json::object& payload, core::UnixTime at);

// Aborts commands that waited too long (policy timeouts) and logs why; returns how many.
std::int64_t abort_overdue_commands(store::Database& database, const Policy& policy,
                                    core::UnixTime now);

}  // namespace keyward::app
