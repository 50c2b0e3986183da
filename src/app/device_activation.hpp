#pragma once
// A device activating with a license key (SPEC.md §2 License, §5 activate).

#include <optional>
#include <string>

#include "app/policy.hpp"
#include "core/device_report.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct ActivationResult {
  bool created = false;  // false: the machine was known and uses no new seat
  core::Device device;
  std::string token;  // fresh on every activation; the previous one stops working
  std::optional<core::ProfileRevision> settings;  // of the device's group, if it has a profile
};

// Errors: 404 unknown_license, 403 license_expired, 409 no_free_activations,
// 429 activation_rate_limited (logged, at most once an hour per license). The churn window
// is counted in whole hours (the current one and the 23 before it), so checking it costs
// the same for ten devices as for a hundred thousand.
// The seat is taken by one conditional UPDATE in the same transaction as the device row, so
// the count never exceeds the total, whatever runs concurrently on however many servers.
ActivationResult activate_device(store::Database& database, PolicyCache& policies,
                                 const core::ActivationRequest& request,
                                 const std::string& peer_address, core::UnixTime now);

// Drops hourly activation counts that no churn window reaches any more (maintenance).
void prune_activation_counts(store::Database& database, core::UnixTime now);

// The error of a token that matches no device: 410 device_deleted when it belonged to a
// deleted one, else 401 invalid_token.
[[noreturn]] void throw_unknown_device_token(store::Connection& connection,
                                             const std::string& token_hash);

}  // namespace keyward::app
