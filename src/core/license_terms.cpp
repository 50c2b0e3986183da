#include "core/license_terms.hpp"

#include <chrono>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "core/validation.hpp"

namespace keyward::core {

std::int64_t require_notify_at(std::int64_t notify_at, std::optional<std::int64_t> seats_total) {
  constexpr std::int64_t kMaxMspThreshold = 1'000'000;
  return require_range("notify_at", notify_at, 1, seats_total.value_or(kMaxMspThreshold));
}

int require_term_years(std::int64_t years) {
  if (years != 1 && years != 2 && years != 3 && years != 5) {
    throw invalid_request("years", "must be 1, 2, 3 or 5");
  }
  return static_cast<int>(years);
}

std::int64_t require_seats(std::int64_t seats, std::string_view field) {
  return require_range(field, seats, 1, 100000);
}

std::int64_t expiry_after_years(std::int64_t issued_at, int years) {
  using namespace std::chrono;
  const sys_days issue_day = floor<days>(sys_seconds{seconds{issued_at}});
  year_month_day date{issue_day};
  date = (date.year() + std::chrono::years{years}) / date.month() / date.day();
  if (!date.ok()) date = date.year() / date.month() / last;
  const sys_seconds end_of_day = sys_days{date} + hours{23} + minutes{59} + seconds{59};
  return end_of_day.time_since_epoch().count();
}

std::int64_t parse_expiry(std::string_view field, std::string_view text) {
  constexpr std::int64_t kLastSecondOfDay = 86400 - 1;
  if (const auto day = parse_date(text)) return *day + kLastSecondOfDay;
  if (const auto moment = parse_timestamp(text)) return *moment;
  throw invalid_request(std::string(field), "must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
}

bool is_expired(std::int64_t expires_at, std::int64_t now) { return now > expires_at; }

void require_unexpired(std::int64_t expires_at, std::int64_t now) {
  if (is_expired(expires_at, now)) {
    throw Error(ErrorKind::conflict, "license_expired", "the license has expired and is read-only");
  }
}

}  // namespace keyward::core
