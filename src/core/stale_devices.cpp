#include "core/stale_devices.hpp"

#include "core/bulk_request.hpp"
#include "core/json_input.hpp"

namespace keyward::core {

UnixTime stale_before(UnixTime now, std::int64_t days) {
  constexpr UnixTime kSecondsPerDay = 86400;
  return now - days * kSecondsPerDay;
}

StaleRule parse_stale_rule(const boost::json::object& body) {
  reject_unknown_fields(body, {"enabled", "days"});
  return StaleRule{.enabled = required_bool(body, "enabled"),
                   .days = required_integer(body, "days", kMinStaleDays, kMaxStaleDays)};
}

StaleDeactivation parse_stale_deactivation(const boost::json::object& body) {
  reject_unknown_fields(body, {"days", "device_ids"});
  StaleDeactivation request{.days = required_integer(body, "days", kMinStaleDays, kMaxStaleDays)};
  if (const auto* ids = body.if_contains("device_ids"); ids && !ids->is_null()) {
    request.device_ids = parse_device_ids(body);
  }
  return request;
}

}  // namespace keyward::core
