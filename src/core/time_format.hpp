#pragma once
// ISO 8601 rendering of unix seconds (UTC), as the APIs and exports show them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keyward::core {

std::string format_timestamp(std::int64_t unix_seconds);  // 2026-11-28T11:37:04Z
std::string format_date(std::int64_t unix_seconds);       // 2026-11-28

// The inverses, for exactly these forms (years 1970..9999); empty for anything else.
std::optional<std::int64_t> parse_timestamp(std::string_view text);  // …T11:37:04Z
std::optional<std::int64_t> parse_date(std::string_view text);       // 00:00:00 UTC of the day

}  // namespace keyward::core
