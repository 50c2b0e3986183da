#pragma once
// Terms of a license: allowed durations, expiry dates and seat rules.

#include <cstdint>
#include <optional>
#include <string_view>

namespace keyward::core {

// The notify-at threshold (SPEC.md §2): an activation count from 1 up to the license's seats
// (up to 1,000,000 for msp licenses, which have no seat total). invalid_request otherwise.
std::int64_t require_notify_at(std::int64_t notify_at, std::optional<std::int64_t> seats_total);

// Purchase licenses run 1, 2, 3 or 5 years; anything else is an invalid request.
int require_term_years(std::int64_t years);

// Seats of a purchase license: 1..100000. MSP licenses have no seat limit (nullopt).
std::int64_t require_seats(std::int64_t seats, std::string_view field = "seats");

// The moment a license issued at `issued_at` (unix seconds) for `years` expires: the end
// (23:59:59 UTC) of the same calendar day `years` later; 29 February becomes 28 February.
std::int64_t expiry_after_years(std::int64_t issued_at, int years);

// An expiry the operator sets: a date YYYY-MM-DD means the end of that day (23:59:59 UTC),
// as for issued licenses; a timestamp YYYY-MM-DDTHH:MM:SSZ is taken as it is. Throws
// core::Error invalid_request naming `field` otherwise.
std::int64_t parse_expiry(std::string_view field, std::string_view text);

bool is_expired(std::int64_t expires_at, std::int64_t now);

// Licenses that expire within this many seconds count as expiring soon (the dashboards and the
// resellers' daily digest).
inline constexpr std::int64_t kExpiringSoonSeconds = 30 * 86400;

// An expired license is read-only (no changes, no device actions): throws core::Error
// conflict `license_expired` when it has expired at `now`.
void require_unexpired(std::int64_t expires_at, std::int64_t now);

}  // namespace keyward::core
