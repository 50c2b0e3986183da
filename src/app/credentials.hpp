#pragma once
// Checking who someone is: the password (Argon2id), and for users with TOTP the second
// factor (a code of the authenticator app, or a recovery code). Shared by sign-in and by the
// account changes that ask for the password again.

#include <optional>
#include <string>
#include <string_view>

#include "app/authentication.hpp"
#include "app/login_throttle.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct SecondFactor {
  std::optional<std::string> totp_code;
  std::optional<std::string> recovery_code;

  bool empty() const { return !totp_code && !recovery_code; }
};

// Whether `password` is the password of `user`. Costs one Argon2id verification also when
// there is no user or no password yet (an invitation not yet accepted), so response times
// do not tell which e-mail addresses have accounts.
bool password_matches(const std::optional<core::User>& user, std::string_view password);

// Whether `factor` proves the second factor of `user` (TOTP enabled). A TOTP code is
// accepted once (its time step is recorded), a recovery code is used up; both are writes, so
// call this inside the caller's transaction.
bool second_factor_matches(store::Connection& connection, const core::User& user,
                           const SecondFactor& factor, core::UnixTime now);

// 401 `invalid_credentials`: one answer for an unknown e-mail and a wrong password.
core::Error invalid_credentials();

// For a signed-in user changing their own security settings: the password, or else a TOTP
// code, must be right. Limited like sign-in (a stolen session can not guess the password);
// throws 403 `invalid_credentials` when it is wrong and 429 `too_many_attempts` past the limit.
struct IdentityProof {
  std::optional<std::string> password;
  std::optional<std::string> totp_code;
};
void confirm_identity(store::Database& database, const Authenticated& caller,
                      const IdentityProof& proof, const std::string& client_address,
                      core::UnixTime now);

}  // namespace keyward::app
