#pragma once
// Changing a device in the portal: its own description and its muted notifications.

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "app/device_queries.hpp"
#include "app/policy.hpp"
#include "core/device_mute.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

inline constexpr std::size_t kMaxDeviceDescriptionLength = 1000;

struct DeviceChanges {
  std::optional<std::string> description;  // multiline, 0..kMaxDeviceDescriptionLength
  std::optional<core::MuteSetting> muted;
};

// Technicians and admins; 404 device; 409 license_expired. Refreshes the device's status
// flags (muted / partly_muted), logs device.updated and answers the device as it is now.
DeviceDetails update_device(store::Database& database, PolicyCache& policies, const Actor& actor,
                            core::Id device_id, const DeviceChanges& changes);

}  // namespace keyward::app
