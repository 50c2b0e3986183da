#pragma once
// Inviting portal users: an admin creates the user without a usable password, and the
// invitation mail carries a set-password link (single use, valid for 7 days, stored hashed).

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"

namespace keyward::app {

inline constexpr core::UnixTime kInvitationSeconds = 7 * 24 * 3600;

struct Invitation {
  std::string email;
  std::string name;  // display name; defaults to the e-mail's local part
  std::string role;  // admin | technician | viewer
  core::Id company_id = 0;
  std::optional<std::string> language;  // of the user and the mail; default: the inviter's
};

// Admins only (403), into their company or one below it (404 otherwise). 409 `user_exists`
// for an e-mail in use. Queues the mail with `<public_url>/set-password?token=…` in the
// user's language. Logged.
store::ListedUser invite_user(store::Database& database, const Actor& actor,
                              const std::string& public_url, const Invitation& invitation);

// Sets the password of the link's user (require_password_strength) and uses the link up,
// together with every other open link of the user; ends the user's sessions. Signs nobody
// in. 400 `invalid_token` for an unknown, used or expired link. Logged.
void set_password_with_token(store::Database& database, const std::string& token,
                             const std::string& password, core::UnixTime now);

}  // namespace keyward::app
