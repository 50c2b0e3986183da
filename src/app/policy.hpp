#pragma once
// The operator's policy: status thresholds, the current client release, the OS end-of-life
// calendar, check-in interval, activation churn limit and command timeouts. Stored in
// app_settings; every key has a default, so a fresh database works as shipped.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/device_status.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct Policy {
  core::StatusPolicy status;
  std::int64_t checkin_interval_s = 300;
  // At most factor × seats new activations per license in 24 hours (SPEC: churn limit).
  std::int64_t activation_limit_factor = 3;
  // The same limit for MSP licenses, which have no seat count.
  std::int64_t msp_activation_limit = 1000;
  // An outstanding command the device never fetched, and a running one it never
  // acknowledged, are aborted after these times.
  std::int64_t command_queue_timeout_s = 7 * 86400;
  std::int64_t command_ack_timeout_s = 3600;
};

struct PolicyKey {
  std::string_view key;
  std::string_view description;
};

// The keys `keyward policy set` accepts, with what they mean.
const std::vector<PolicyKey>& policy_keys();

std::string_view default_os_eol_json();

// Reads the policy; values that are not set take their defaults.
Policy load_policy(store::Connection& connection);

// Validates and stores one value (core::Error invalid_request naming the key otherwise).
// Device status flags depend on the policy, so the caller recomputes them afterwards.
void set_policy_value(store::Connection& connection, const std::string& key,
                      const std::string& value);

// The policy as key/value text, for `keyward policy show`.
std::vector<std::pair<std::string, std::string>> describe_policy(const Policy& policy);

// The policy as the hot path sees it: reloaded at most every `max_age`, so several servers
// pick up an operator's change within that time without a read per check-in.
class PolicyCache {
 public:
  explicit PolicyCache(std::chrono::seconds max_age = std::chrono::seconds(10))
      : max_age_(max_age) {}
  std::shared_ptr<const Policy> get(store::Connection& connection);
  void invalidate();

 private:
  std::chrono::seconds max_age_;
  std::mutex mutex_;
  std::shared_ptr<const Policy> policy_;
  std::chrono::steady_clock::time_point loaded_at_;
};

}  // namespace keyward::app
