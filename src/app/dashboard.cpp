#include "app/dashboard.hpp"

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "store/device_directory.hpp"

namespace keyward::app {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

core::ListQuery first_entries(std::string sort, bool descending) {
  return core::ListQuery{
      .sort = std::move(sort), .descending = descending, .per_page = kDashboardListSize};
}

core::Page<DeviceListItem> devices_with(store::Connection& connection, const Policy& policy,
                                        const core::TenantScope& scope, core::FilterKey key,
                                        core::ListQuery query, core::UnixTime at) {
  return find_devices(connection, policy, scope,
                      {.query = std::move(query), .statuses = core::flag_of(key)}, at);
}

}  // namespace

DashboardSummary dashboard_summary(store::Database& database, const core::TenantScope& scope) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  const Policy policy = load_policy(*connection);
  DashboardSummary summary;

  const store::StatusCounts counts =
      store::DeviceDirectory(*connection).count_by_status(scope, unknown_before(policy, at));
  summary.devices_total = counts.total;
  summary.devices_per_status = counts.per_key;
  summary.infected = devices_with(*connection, policy, scope, core::FilterKey::threatened,
                                  first_entries("infections", true), at);
  summary.outdated = devices_with(*connection, policy, scope, core::FilterKey::obsolete,
                                  first_entries("last_contact", false), at);

  store::LicenseDirectory licenses(*connection);
  summary.licenses_total = licenses.count(scope, {});
  // Expired means expires_at < now (core::is_expired).
  summary.expired = licenses.list(scope, {.expires_before = at}, first_entries("expires_at", true));
  summary.expiring_soon = licenses.list(
      scope, {.expires_from = at, .expires_before = at + kExpiringSoonDays * kSecondsPerDay},
      first_entries("expires_at", false));
  return summary;
}

}  // namespace keyward::app
