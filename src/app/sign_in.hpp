#pragma once
// Browser sign-in: e-mail and password, the second factor for users with TOTP, the login
// rate limit, and the session that the kw_session cookie then carries.

#include <string>
#include <string_view>

#include "app/authentication.hpp"
#include "app/credentials.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct SignInRequest {
  std::string email;
  std::string password;
  SecondFactor second_factor;
  std::string client_address;
};

struct SignedIn {
  Authenticated caller;       // with its new session (and the session's CSRF token)
  std::string session_token;  // the cookie's value; only its hash is stored
};

// Order of checks: the rate limit (429 `too_many_attempts` with Retry-After), then the
// password (401 invalid_credentials for an unknown e-mail, a wrong password, a disabled user
// or one who has not set a password yet — all alike), then for users with TOTP the second
// factor (401 totp_required without a valid code). Failed checks count towards the limit; a
// missing code does not, since the browser asks for it next.
SignedIn sign_in(store::Database& database, const SignInRequest& request, core::UnixTime now);

// Ends the session of this cookie value (nothing when it is unknown).
void sign_out(store::Database& database, std::string_view session_token);

// Housekeeping: expired sessions, failed attempts that no longer count and spent
// set-password links. Returns how many rows went.
std::int64_t prune_sign_in_records(store::Database& database, core::UnixTime now);

}  // namespace keyward::app
