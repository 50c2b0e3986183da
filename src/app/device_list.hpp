#pragma once
// The device lists of the portal (all devices the user may see, or one license's), with the
// worst status per category of each device.

#include <functional>
#include <optional>

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "core/device_status.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/database.hpp"
#include "store/device_directory.hpp"

namespace keyward::app {

struct DeviceListItem {
  store::DeviceView view;
  core::StatusReport status;  // computed now, so messages carry current numbers and dates
};

struct DeviceListRequest {
  core::ListQuery query;  // q over host name, description, group, IP and domain
  std::optional<core::Id> license_id;
  std::optional<core::Id> group_id;
  core::StatusFlags statuses = 0;  // filter keys; a device matches when it has any of them
  // Only active devices of unexpired licenses without contact for more than this many days.
  std::optional<std::int64_t> stale_days;
};

// Everything `scope` may see that passes the request: the one query behind the device lists
// and the dashboard's device lists.
core::Page<DeviceListItem> find_devices(store::Connection& connection, const Policy& policy,
                                        const core::TenantScope& scope,
                                        const DeviceListRequest& request, core::UnixTime now);

// The same list whole, in its order, one device at a time (the query's page is ignored), so
// an export of any size holds one device in memory.
void for_each_device(store::Connection& connection, const Policy& policy,
                     const core::TenantScope& scope, const DeviceListRequest& request,
                     core::UnixTime now, const std::function<void(const DeviceListItem&)>& visit);

// The devices the actor may see.
core::Page<DeviceListItem> list_devices(store::Database& database, PolicyCache& policies,
                                        const Actor& actor, const DeviceListRequest& request);

// The devices of one license: 404 "license not found" when the actor can not see it.
core::Page<DeviceListItem> list_license_devices(store::Database& database, PolicyCache& policies,
                                                const Actor& actor, core::Id license_id,
                                                DeviceListRequest request);

// The moment before which a device's last contact makes it "unknown" under `policy`.
core::UnixTime unknown_before(const Policy& policy, core::UnixTime now);

}  // namespace keyward::app
