#include "app/login_throttle.hpp"

#include <algorithm>

#include "core/validation.hpp"
#include "store/login_failure_store.hpp"

namespace keyward::app {
namespace {

std::string account_subject(const Attempt& attempt) {
  return "account:" + core::ascii_lower(attempt.email);
}

std::string address_subject(const Attempt& attempt) { return "address:" + attempt.address; }

std::string key_guess_subject(const std::string& address) { return "key-guess:" + address; }

// Seconds until the subject is below its limit again; 0 when it is below already.
core::UnixTime wait_for(store::LoginFailureStore& failures, const std::string& subject,
                        const AttemptLimit& limit, core::UnixTime now) {
  const auto limiting = failures.limiting_failure(subject, now - limit.window_s, limit.failures);
  if (!limiting) return 0;
  return std::max<core::UnixTime>(1, *limiting + limit.window_s - now);
}

}  // namespace

void require_attempts_left(store::Connection& connection, const Attempt& attempt,
                           core::UnixTime now) {
  store::LoginFailureStore failures(connection);
  const core::UnixTime wait =
      std::max(wait_for(failures, account_subject(attempt), kAccountAttempts, now),
               wait_for(failures, address_subject(attempt), kAddressAttempts, now));
  if (wait > 0) {
    throw core::Error(
        core::ErrorKind::rate_limited, "too_many_attempts",
        "too many failed sign-in attempts; try again in " + std::to_string(wait) + " seconds")
        .with_retry_after(wait);
  }
}

void record_failed_attempt(store::Database& database, const Attempt& attempt, core::UnixTime now) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::LoginFailureStore failures(*connection);
  failures.record(account_subject(attempt), now);
  failures.record(address_subject(attempt), now);
  transaction.commit();
}

void require_key_guesses_left(store::Database& database, const std::string& address,
                              core::UnixTime now) {
  auto connection = database.acquire();
  store::LoginFailureStore failures(*connection);
  const core::UnixTime wait = wait_for(failures, key_guess_subject(address), kLicenseKeyGuesses, now);
  if (wait > 0) {
    throw core::Error(core::ErrorKind::rate_limited, "too_many_unknown_keys",
                      "too many unknown license keys from this address; try again in " +
                          std::to_string(wait) + " seconds")
        .with_retry_after(wait);
  }
}

void record_key_guess(store::Database& database, const std::string& address, core::UnixTime now) {
  auto connection = database.acquire();
  store::LoginFailureStore(*connection).record(key_guess_subject(address), now);
}

void forget_account_failures(store::Connection& connection, const Attempt& attempt) {
  store::LoginFailureStore(connection).clear(account_subject(attempt));
}

}  // namespace keyward::app
