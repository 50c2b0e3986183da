#include "app/two_factor.hpp"

#include <sodium.h>

#include "app/account.hpp"
#include "core/qr_code.hpp"
#include "core/recovery_codes.hpp"
#include "core/totp.hpp"
#include "store/recovery_code_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
namespace {

core::Error totp_state(std::string code, const std::string& message) {
  return core::Error(core::ErrorKind::conflict, std::move(code), message);
}

void require_totp_off(const core::User& user) {
  if (user.totp_enabled) {
    throw totp_state("totp_enabled", "two-factor sign-in is on already; disable it first");
  }
}

std::vector<std::string> new_recovery_codes() {
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < core::kRecoveryCodeCount; ++i) {
    std::array<std::uint8_t, core::kRecoveryCodeBytes> bytes;
    randombytes_buf(bytes.data(), bytes.size());
    codes.push_back(core::format_recovery_code(bytes));
  }
  return codes;
}

std::vector<std::string> hashes_of(const std::vector<std::string>& codes) {
  std::vector<std::string> hashes;
  for (const auto& code : codes) {
    hashes.push_back(store::hash_token(core::normalize_recovery_code(code)));
  }
  return hashes;
}

}  // namespace

TotpEnrolment enrol_totp(store::Database& database, const Authenticated& caller) {
  require_session(caller, "set up two-factor sign-in");
  require_totp_off(caller.user);
  std::array<std::uint8_t, core::kTotpSecretBytes> secret;
  randombytes_buf(secret.data(), secret.size());
  TotpEnrolment enrolment;
  enrolment.secret = core::base32_encode(secret);
  enrolment.otpauth_uri = core::otpauth_uri(kTotpIssuer, caller.user.email, enrolment.secret);
  enrolment.qr_svg = core::qr_code_svg(enrolment.otpauth_uri);
  auto connection = database.acquire();
  store::UserStore(*connection).set_totp(caller.user.id, enrolment.secret, false);
  return enrolment;
}

std::vector<std::string> enable_totp(store::Database& database, const Authenticated& caller,
                                     std::string_view code, core::UnixTime now) {
  require_session(caller, "set up two-factor sign-in");
  require_totp_off(caller.user);
  if (!caller.user.totp_secret) {
    throw totp_state("totp_not_enrolled", "start the enrolment first (POST /api/v1/me/totp)");
  }
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::UserStore users(*connection);
  const auto secret = core::base32_decode(*caller.user.totp_secret);
  const auto step = secret ? core::match_totp(*secret, code, now) : std::nullopt;
  if (!step) {
    throw core::Error(core::ErrorKind::invalid_request, "invalid_code",
                      "code: does not match; check the time of the device with the app");
  }
  users.set_totp(caller.user.id, caller.user.totp_secret, true);
  users.claim_totp_step(caller.user.id, *step);
  std::vector<std::string> codes = new_recovery_codes();
  store::RecoveryCodeStore(*connection).replace(caller.user.id, hashes_of(codes));
  log_own_change(*connection, caller, "user.totp_enabled", {}, now);
  transaction.commit();
  return codes;
}

void disable_totp(store::Database& database, const Authenticated& caller,
                  const IdentityProof& proof, const std::string& client_address,
                  core::UnixTime now) {
  require_session(caller, "turn off two-factor sign-in");
  if (!caller.user.totp_enabled) {
    throw totp_state("totp_disabled", "two-factor sign-in is off already");
  }
  confirm_identity(database, caller, proof, client_address, now);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::UserStore(*connection).set_totp(caller.user.id, std::nullopt, false);
  store::RecoveryCodeStore(*connection).remove_for_user(caller.user.id);
  log_own_change(*connection, caller, "user.totp_disabled", {}, now);
  transaction.commit();
}

}  // namespace keyward::app
