#pragma once
// A small summary of everything a tenant scope sees: devices per status filter key and
// license counts. It serves the read-only dashboard link; the full dashboard of the portal
// is built elsewhere and will take this over.

#include <cstdint>
#include <utility>
#include <vector>

#include "core/device_status.hpp"
#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

struct ScopeSummary {
  std::int64_t devices = 0;
  // Every filter key of SPEC.md §2 in bit order, with the devices it applies to.
  std::vector<std::pair<core::FilterKey, std::int64_t>> devices_by_status;
  std::int64_t licenses = 0;
  std::int64_t licenses_expired = 0;   // expires_at <= now
  std::int64_t licenses_expiring = 0;  // now < expires_at <= expiring_before
};

// `stale_before`: a device whose last contact is older counts as `unknown` (that status
// depends on the clock, so it is not among the stored status flags).
ScopeSummary summarize_scope(Connection& connection, const core::TenantScope& scope,
                             core::UnixTime now, core::UnixTime stale_before,
                             core::UnixTime expiring_before);

}  // namespace keyward::store
