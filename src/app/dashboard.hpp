#pragma once
// The dashboard (SPEC.md §3): device counts per status, infected and outdated devices,
// expired and soon-expiring licenses, within one tenant scope. It takes a scope rather than
// an actor so that the read-only dashboard link, which has no signed-in user, shows the same.

#include <array>
#include <cstdint>

#include "app/device_list.hpp"
#include "core/device_status.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"
#include "store/license_directory.hpp"

namespace keyward::app {

// How many of each list the dashboard shows; the counts cover all.
inline constexpr std::int64_t kDashboardListSize = 10;
// Licenses expiring within this many days count as soon-expiring.
inline constexpr std::int64_t kExpiringSoonDays = 30;

struct DashboardSummary {
  std::int64_t devices_total = 0;
  std::int64_t licenses_total = 0;
  std::array<std::int64_t, core::kAllFilterKeys.size()> devices_per_status{};  // by bit number
  core::Page<DeviceListItem> infected;           // threatened, most infections first
  core::Page<DeviceListItem> outdated;           // obsolete client, longest silent first
  core::Page<store::LicenseView> expired;        // most recently expired first
  core::Page<store::LicenseView> expiring_soon;  // within kExpiringSoonDays, soonest first
};

DashboardSummary dashboard_summary(store::Database& database, const core::TenantScope& scope);

}  // namespace keyward::app
