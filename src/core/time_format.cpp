#include "core/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace keyward::core {
namespace {

struct CivilTime {
  int year;
  unsigned month, day;
  long hour, minute, second;
};

CivilTime civil_time(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds time{seconds{unix_seconds}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  return {static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
          static_cast<unsigned>(date.day()), static_cast<long>(clock.hours().count()),
          static_cast<long>(clock.minutes().count()), static_cast<long>(clock.seconds().count())};
}

// The number written with exactly `digits` digits at `text[at]`, or -1.
int fixed_number(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<std::int64_t> day_start(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int y = fixed_number(text, 0, 4);
  const int m = fixed_number(text, 5, 2);
  const int d = fixed_number(text, 8, 2);
  if (y < 1970 || m < 1 || d < 1) return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date}.time_since_epoch().count() * std::int64_t{86400};
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text) {
  return text.size() == 10 ? day_start(text) : std::nullopt;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  const auto day = day_start(text);
  if (!day || text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  const int hour = fixed_number(text, 11, 2);
  const int minute = fixed_number(text, 14, 2);
  const int second = fixed_number(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  return *day + hour * 3600 + minute * 60 + second;
}

std::string format_timestamp(std::int64_t unix_seconds) {
  const CivilTime t = civil_time(unix_seconds);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", t.year, t.month, t.day,
                t.hour, t.minute, t.second);
  return text;
}

std::string format_date(std::int64_t unix_seconds) {
  const CivilTime t = civil_time(unix_seconds);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", t.year, t.month, t.day);
  return text;
}

}  // namespace keyward::core
