#include "app/device_list.hpp"

#include "app/device_evaluation.hpp"
#include "app/license_access.hpp"
#include "core/stale_devices.hpp"

namespace keyward::app {

core::UnixTime unknown_before(const Policy& policy, core::UnixTime now) {
  // "No contact for more than X days" (core::compute_device_status): strictly before.
  return core::stale_before(now, policy.status.stale_days);
}

namespace {

store::DeviceFilter device_filter(const Policy& policy, const DeviceListRequest& request,
                                  core::UnixTime now) {
  store::DeviceFilter filter{.license_id = request.license_id,
                             .group_id = request.group_id,
                             .statuses = request.statuses,
                             .unknown_before = unknown_before(policy, now)};
  if (request.stale_days) {
    filter.stale = store::StaleSelection{core::stale_before(now, *request.stale_days), now};
  }
  return filter;
}

// `memo`: the OS end-of-life answers of the devices before (most devices of a list share a
// few OS versions).
DeviceListItem list_item(store::DeviceView view, const Policy& policy, core::UnixTime now,
                         core::OsEolMemo& memo) {
  // The stored review flag stands for the host-name comparison, which needs the other
  // devices of the license.
  const bool hostname_shared =
      (view.device.status_flags & core::flag_of(core::FilterKey::review)) != 0;
  core::StatusReport status =
      evaluate_device(view.device, view.profile_revision, hostname_shared, policy, now, &memo);
  return {std::move(view), std::move(status)};
}

}  // namespace

core::Page<DeviceListItem> find_devices(store::Connection& connection, const Policy& policy,
                                        const core::TenantScope& scope,
                                        const DeviceListRequest& request, core::UnixTime now) {
  core::Page<store::DeviceView> views = store::DeviceDirectory(connection).list(
      scope, device_filter(policy, request, now), request.query);
  core::Page<DeviceListItem> page{.total = views.total};
  core::OsEolMemo memo;
  for (auto& view : views.items) {
    page.items.push_back(list_item(std::move(view), policy, now, memo));
  }
  return page;
}

void for_each_device(store::Connection& connection, const Policy& policy,
                     const core::TenantScope& scope, const DeviceListRequest& request,
                     core::UnixTime now, const std::function<void(const DeviceListItem&)>& visit) {
  core::OsEolMemo memo;
  store::DeviceDirectory(connection)
      .for_each(scope, device_filter(policy, request, now), request.query,
                [&](const store::DeviceView& view) { visit(list_item(view, policy, now, memo)); });
}

core::Page<DeviceListItem> list_devices(store::Database& database, PolicyCache& policies,
                                        const Actor& actor, const DeviceListRequest& request) {
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  return find_devices(*connection, *policy, actor.scope, request, now());
}

core::Page<DeviceListItem> list_license_devices(store::Database& database, PolicyCache& policies,
                                                const Actor& actor, core::Id license_id,
                                                DeviceListRequest request) {
  auto connection = database.acquire();
  visible_license(*connection, actor, license_id);
  const auto policy = policies.get(*connection);
  request.license_id = license_id;
  return find_devices(*connection, *policy, actor.scope, request, now());
}

}  // namespace keyward::app
