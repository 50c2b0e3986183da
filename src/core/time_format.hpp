#pragma once
// ISO 8601 rendering of unix seconds (UTC), as the APIs and exports show them.

#include <cstdint>
#include <string>

namespace keyward::core {

std::string format_timestamp(std::int64_t unix_seconds);  // 2026-11-28T11:37:04Z
std::string format_date(std::int64_t unix_seconds);       // 2026-11-28

}  // namespace keyward::core
