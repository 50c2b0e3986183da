#pragma once
// The portal's reads of devices: the device lists (search, status filter, sort, paging) with
// group and license names, and the per-status counts of the dashboard. Status filters are
// index queries on the stored status_flags; "unknown" (no contact for N days) changes with
// time alone, so it is a condition on the contact day and time instead (see
// app/device_evaluation.hpp).

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/device_status.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"
#include "store/stale_device_store.hpp"

namespace keyward::store {

struct DeviceView {
  core::Device device;
  std::string group_name;
  std::string license_name;
  std::string customer_name;
  std::optional<std::int64_t> profile_revision;  // of the group's profile; empty: none
};

struct DeviceFilter {
  std::optional<core::Id> license_id;
  std::optional<core::Id> group_id;
  core::StatusFlags statuses = 0;  // a device matches when it has any of them; 0: no filter
  // A device last in contact before this is "unknown"; also orders the `status` sort.
  core::UnixTime unknown_before = 0;
  std::optional<StaleSelection> stale;  // only the stale devices
};

// Sort keys of the device lists. `status` orders by the worst device status, then the worst
// settings status.
inline constexpr std::string_view kDeviceSortKeys[] = {
    "hostname",   "description",  "group",  "license",       "ip", "domain", "os",
    "infections", "last_contact", "status", "client_version"};

struct StatusCounts {
  std::int64_t total = 0;
  std::array<std::int64_t, core::kAllFilterKeys.size()> per_key{};  // by bit number
};

class DeviceDirectory {
 public:
  explicit DeviceDirectory(Connection& connection) : connection_(connection) {}

  // Devices in `scope` that pass `filter` and whose host name, description, group name, IP
  // or domain contains query.q (ASCII letters in any case), the page of query.
  core::Page<DeviceView> list(const core::TenantScope& scope, const DeviceFilter& filter,
                              const core::ListQuery& query);
  // Every device of the list in its order, one at a time (query's page is ignored): exports.
  void for_each(const core::TenantScope& scope, const DeviceFilter& filter,
                const core::ListQuery& query, const std::function<void(const DeviceView&)>& visit);
  // How many devices of `scope` have each status (one pass over the scope's status index).
  StatusCounts count_by_status(const core::TenantScope& scope, core::UnixTime unknown_before);

 private:
  std::string ordered_select(const core::TenantScope& scope, const DeviceFilter& filter,
                             const core::ListQuery& query, Params& params);
  Connection& connection_;
};

}  // namespace keyward::store
