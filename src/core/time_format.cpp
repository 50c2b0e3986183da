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

}  // namespace

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
