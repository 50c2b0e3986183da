#pragma once
// Set-password links (invitations): single-use, expiring, stored only as hashes.

#include <optional>
#include <string>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class PasswordTokenStore {
 public:
  explicit PasswordTokenStore(Connection& connection) : connection_(connection) {}

  void create(core::Id user_id, const std::string& token_hash, core::UnixTime created_at,
              core::UnixTime expires_at);
  // Marks the token used and returns its user, when it is unused and not expired at `now`.
  // One statement, so two requests with the same link can not both succeed.
  std::optional<core::Id> redeem(const std::string& token_hash, core::UnixTime now);
  // Uses up every open link of the user (a password was set; older invitations die).
  void invalidate_for_user(core::Id user_id, core::UnixTime now);
  // Housekeeping: links used or expired before `before`; returns how many went.
  std::int64_t remove_spent(core::UnixTime before);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
