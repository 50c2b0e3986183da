#include "app/sign_in.hpp"

#include <algorithm>

#include "app/secrets.hpp"
#include "store/login_failure_store.hpp"
#include "store/password_token_store.hpp"
#include "store/session_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
namespace {

core::Error totp_required(bool code_given) {
  return core::Error(core::ErrorKind::unauthorized, "totp_required",
                     code_given ? "the code is wrong, expired or was used already"
                                : "enter the code of your authenticator app or a recovery code");
}

// A session with a fresh token and CSRF token; returns the token.
std::string start_session(store::Connection& connection, core::Id user_id, core::UnixTime now) {
  std::string token = new_token("kws_");
  core::Session session{.user_id = user_id,
                        .token_hash = store::hash_token(token),
                        .csrf_token = new_token(""),
                        .created_at = now,
                        .last_seen_at = now,
                        .absolute_expires_at = now + kSessionAbsoluteSeconds};
  session.idle_expires_at = next_idle_expiry(session, now);
  store::SessionStore(connection).create(session);
  return token;
}

enum class Outcome { signed_in, wrong_credentials, code_missing, wrong_code };

// Checks everything and, when it all holds, starts the session in one transaction.
Outcome try_sign_in(store::Connection& connection, const SignInRequest& request, core::UnixTime now,
                    std::string& session_token) {
  const Attempt attempt{request.email, request.client_address};
  require_attempts_left(connection, attempt, now);
  const auto user = store::UserStore(connection).find_by_email(request.email);
  // The password is checked before anything else about the user, so a disabled account
  // costs the same time and gives the same answer as an unknown one.
  if (!password_matches(user, request.password) || user->disabled) {
    return Outcome::wrong_credentials;
  }
  store::Transaction transaction(connection);
  if (user->totp_enabled) {
    if (request.second_factor.empty()) return Outcome::code_missing;
    if (!second_factor_matches(connection, *user, request.second_factor, now)) {
      return Outcome::wrong_code;
    }
  }
  session_token = start_session(connection, user->id, now);
  store::UserStore(connection).record_login(user->id, now);
  forget_account_failures(connection, attempt);
  transaction.commit();
  return Outcome::signed_in;
}

}  // namespace

SignedIn sign_in(store::Database& database, const SignInRequest& request, core::UnixTime now) {
  std::string session_token;
  Outcome outcome;
  {
    auto connection = database.acquire();
    outcome = try_sign_in(*connection, request, now, session_token);
  }
  // Failures are recorded after the sign-in transaction has ended: on SQLite a second writer
  // would wait for it.
  switch (outcome) {
    case Outcome::signed_in:
      break;
    case Outcome::code_missing:
      throw totp_required(false);
    case Outcome::wrong_credentials:
      record_failed_attempt(database, {request.email, request.client_address}, now);
      throw invalid_credentials();
    case Outcome::wrong_code:
      record_failed_attempt(database, {request.email, request.client_address}, now);
      throw totp_required(true);
  }
  auto caller = authenticate_session(database, session_token, now);
  if (!caller) throw invalid_credentials();  // disabled in the same instant
  return SignedIn{std::move(*caller), std::move(session_token)};
}

void sign_out(store::Database& database, std::string_view session_token) {
  auto connection = database.acquire();
  store::SessionStore(*connection).remove(store::hash_token(session_token));
}

std::int64_t prune_sign_in_records(store::Database& database, core::UnixTime now) {
  auto connection = database.acquire();
  const core::UnixTime longest_window =
      std::max(kAccountAttempts.window_s, kAddressAttempts.window_s);
  return store::SessionStore(*connection).remove_expired(now) +
         store::LoginFailureStore(*connection).remove_older_than(now - longest_window) +
         store::PasswordTokenStore(*connection).remove_spent(now);
}

}  // namespace keyward::app
