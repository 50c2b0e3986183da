#include "app/queue_delivery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace keyward::app {

using std::chrono::milliseconds;

milliseconds retry_delay(const DeliverySettings& settings, std::int64_t attempts) {
  // Doubling stops well before the shift could overflow; the cap applies anyway.
  const std::int64_t doublings = std::clamp<std::int64_t>(attempts - 1, 0, 30);
  const milliseconds delay = settings.retry_base * (std::int64_t{1} << doublings);
  return std::min(delay, settings.max_backoff);
}

namespace detail {

core::UnixTime retry_at(const DeliverySettings& settings, std::int64_t attempts) {
  return now() + (retry_delay(settings, attempts).count() + 999) / 1000;
}

void log_result(std::string_view what, core::Id id, std::int64_t attempts, bool give_up,
                const std::string& error, bool recorded) {
  if (!recorded) {
    spdlog::warn("{} {}: its lease ran out before the result was recorded", what, id);
  } else if (give_up) {
    spdlog::error("{} {} failed after {} attempts: {}", what, id, attempts, error);
  } else {
    spdlog::warn("{} {} not sent (attempt {}): {}", what, id, attempts, error);
  }
}

bool lease_half_gone(const DeliverySettings& settings,
                     std::chrono::steady_clock::time_point claimed_at) {
  return std::chrono::steady_clock::now() - claimed_at > settings.lease / 2;
}

}  // namespace detail
}  // namespace keyward::app
