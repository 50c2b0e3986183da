#pragma once
// The login rate limit: failed password (and second-factor) checks are counted per account
// and per client address in the database, so every server behind the load balancer sees
// the same count. Past the limit, further attempts are refused with 429 before any password
// is checked, until the oldest counted failure leaves the window.

#include <string>
#include <string_view>

#include "core/entities.hpp"
#include "core/error.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct AttemptLimit {
  std::int64_t failures = 0;
  core::UnixTime window_s = 0;
};

// Five guesses per account slow an online attack to 480 a day; an office behind one address
// shares twenty.
inline constexpr AttemptLimit kAccountAttempts{5, 15 * 60};
inline constexpr AttemptLimit kAddressAttempts{20, 15 * 60};

// Who is trying: the e-mail as typed (lower-cased, so any spelling counts against the same
// account, and unknown addresses are limited alike: the limit tells nothing about which
// accounts exist) and the client's address.
struct Attempt {
  std::string email;
  std::string address;
};

// Throws core::Error 429 `too_many_attempts`, with the seconds until the next attempt counts
// as its retry_after_s, when the account or the address has used up its attempts.
void require_attempts_left(store::Connection& connection, const Attempt& attempt,
                           core::UnixTime now);
// Counts a failure, in its own transaction: it must stay even though the request fails.
void record_failed_attempt(store::Database& database, const Attempt& attempt, core::UnixTime now);
// Guessing license keys through the device API (POST /agent/v1/activate with keys that do not
// exist) is counted per client address in the same table, so enumerating keys is slowed to
// thirty guesses per quarter of an hour per address on all servers together. Real devices
// never send an unknown key twice in a row: a mistyped key shows up as one failure.
inline constexpr AttemptLimit kLicenseKeyGuesses{30, 15 * 60};
// Throws core::Error 429 `too_many_unknown_keys` with retry_after_s past the limit.
void require_key_guesses_left(store::Database& database, const std::string& address,
                              core::UnixTime now);
void record_key_guess(store::Database& database, const std::string& address, core::UnixTime now);

// A successful sign-in forgets the account's failures (not the address's: an attacker could
// otherwise reset it with an account of their own).
void forget_account_failures(store::Connection& connection, const Attempt& attempt);

}  // namespace keyward::app
