#pragma once
// TOTP second factor of the signed-in user, from a browser session only (require_session):
// enrol (a new secret, shown as text, otpauth://
// URI and QR code), enable by proving one code (recovery codes are shown once), disable with
// the password or a current code.

#include <string>
#include <string_view>
#include <vector>

#include "app/authentication.hpp"
#include "app/credentials.hpp"
#include "store/database.hpp"

namespace keyward::app {

// The issuer authenticator apps show next to the account.
inline constexpr std::string_view kTotpIssuer = "Keyward";

struct TotpEnrolment {
  std::string secret;       // base32, for typing into the app
  std::string otpauth_uri;  // what the QR code holds
  std::string qr_svg;
};

// A new secret, replacing one that was never confirmed. 409 `totp_enabled` when TOTP is on
// already (disable it first). Nothing changes for sign-in until enable_totp.
TotpEnrolment enrol_totp(store::Database& database, const Authenticated& caller);

// Turns TOTP on when `code` belongs to the enrolled secret and returns the new recovery
// codes, shown this once and stored only as hashes. 409 `totp_not_enrolled` without an
// enrolment, 409 `totp_enabled` when already on, 400 `invalid_code` for a wrong code.
std::vector<std::string> enable_totp(store::Database& database, const Authenticated& caller,
                                     std::string_view code, core::UnixTime now);

// Turns TOTP off and drops the recovery codes after confirm_identity. 409 `totp_disabled`
// when it is off. Logged.
void disable_totp(store::Database& database, const Authenticated& caller,
                  const IdentityProof& proof, const std::string& client_address,
                  core::UnixTime now);

}  // namespace keyward::app
