#include "app/credentials.hpp"

#include "app/secrets.hpp"
#include "core/recovery_codes.hpp"
#include "core/totp.hpp"
#include "store/recovery_code_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
namespace {

// A hash with the same parameters as real ones, verified when there is nothing to verify.
const std::string& decoy_password_hash() {
  static const std::string hash = hash_password("keyward decoy password");
  return hash;
}

bool totp_code_matches(store::Connection& connection, const core::User& user, std::string_view code,
                       core::UnixTime now) {
  if (!user.totp_secret) return false;
  const auto secret = core::base32_decode(*user.totp_secret);
  if (!secret) return false;
  const auto step = core::match_totp(*secret, code, now);
  return step && store::UserStore(connection).claim_totp_step(user.id, *step);
}

bool recovery_code_matches(store::Connection& connection, const core::User& user,
                           std::string_view code, core::UnixTime now) {
  const std::string normalized = core::normalize_recovery_code(code);
  if (normalized.empty()) return false;
  return store::RecoveryCodeStore(connection).redeem(user.id, store::hash_token(normalized), now);
}

}  // namespace

bool password_matches(const std::optional<core::User>& user, std::string_view password) {
  if (!user || user->password_hash.empty()) {
    verify_password(password, decoy_password_hash());
    return false;
  }
  return verify_password(password, user->password_hash);
}

bool second_factor_matches(store::Connection& connection, const core::User& user,
                           const SecondFactor& factor, core::UnixTime now) {
  if (factor.totp_code) return totp_code_matches(connection, user, *factor.totp_code, now);
  if (factor.recovery_code) {
    return recovery_code_matches(connection, user, *factor.recovery_code, now);
  }
  return false;
}

core::Error invalid_credentials() {
  return core::Error(core::ErrorKind::unauthorized, "invalid_credentials",
                     "the e-mail address or the password is wrong");
}

void confirm_identity(store::Database& database, const Authenticated& caller,
                      const IdentityProof& proof, const std::string& client_address,
                      core::UnixTime now) {
  if (!proof.password && !proof.totp_code) {
    throw core::invalid_request("password", "is required (or a current TOTP code as code)");
  }
  const Attempt attempt{caller.user.email, client_address};
  bool confirmed = false;
  {
    auto connection = database.acquire();
    require_attempts_left(*connection, attempt, now);
    if (proof.password) {
      confirmed = password_matches(caller.user, *proof.password);
    } else if (proof.totp_code && caller.user.totp_enabled) {
      store::Transaction transaction(*connection);
      confirmed = totp_code_matches(*connection, caller.user, *proof.totp_code, now);
      transaction.commit();
    }
  }
  if (confirmed) return;
  record_failed_attempt(database, attempt, now);
  throw core::Error(core::ErrorKind::forbidden, "invalid_credentials",
                    proof.password ? "the password is wrong" : "the code is wrong or was used");
}

}  // namespace keyward::app
