#pragma once
// Reading one device with everything the device information screen shows: its statuses
// (computed now), its commands and its action-log entries.

#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "core/device_status.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct DeviceDetails {
  core::Device device;
  std::string group_name;
  std::string license_name;
  core::StatusReport status;
  std::vector<core::DeviceCommand> commands;
  std::vector<core::ActionLogEntry> actions;  // newest first
};

// 404 "device not found" for unknown ids and other tenants' devices alike.
DeviceDetails describe_device(store::Database& database, PolicyCache& policies, const Actor& actor,
                              core::Id device_id);

// Deletes a device that was deactivated first (409 device_active otherwise); its client is
// told at its next check-in (410). Logged.
// 409 license_expired when the license has expired (read-only).
void delete_device(store::Database& database, PolicyCache& policies, const Actor& actor,
                   core::Id device_id);

}  // namespace keyward::app
