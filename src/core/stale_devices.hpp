#pragma once
// Stale devices (SPEC.md §7, stale-device cleanup): active devices of unexpired licenses that
// have not been in contact for N days. They are previewed, then deactivated to free their
// activations, by hand or by a company's automatic rule.

#include <boost/json/object.hpp>
#include <optional>
#include <vector>

#include "core/entities.hpp"

namespace keyward::core {

inline constexpr std::int64_t kMinStaleDays = 1;
inline constexpr std::int64_t kMaxStaleDays = 3650;

// A company's automatic rule; a company without a stored rule has the default (off).
struct StaleRule {
  bool enabled = false;
  std::int64_t days = 90;
};

// A device whose last contact lies before this moment has had no contact for more than
// `days` days at `now`.
UnixTime stale_before(UnixTime now, std::int64_t days);

// `{enabled, days}`, both required; days kMinStaleDays..kMaxStaleDays.
StaleRule parse_stale_rule(const boost::json::object& body);

// `{days, device_ids?}`: without device_ids, every stale device of the target.
struct StaleDeactivation {
  std::int64_t days = 0;
  std::optional<std::vector<Id>> device_ids;
};
StaleDeactivation parse_stale_deactivation(const boost::json::object& body);

}  // namespace keyward::core
