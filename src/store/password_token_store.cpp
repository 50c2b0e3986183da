#include "store/password_token_store.hpp"

namespace keyward::store {

void PasswordTokenStore::create(core::Id user_id, const std::string& token_hash,
                                core::UnixTime created_at, core::UnixTime expires_at) {
  connection_.execute(
      "INSERT INTO password_tokens (user_id, token_hash, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4)",
      {user_id, token_hash, created_at, expires_at});
}

std::optional<core::Id> PasswordTokenStore::redeem(const std::string& token_hash,
                                                   core::UnixTime now) {
  const auto row = connection_.query_one(
      "UPDATE password_tokens SET used_at = $2 "
      "WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
      {token_hash, now});
  if (!row) return std::nullopt;
  return row->int64(0);
}

void PasswordTokenStore::invalidate_for_user(core::Id user_id, core::UnixTime now) {
  connection_.execute(
      "UPDATE password_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
      {user_id, now});
}

std::int64_t PasswordTokenStore::remove_spent(core::UnixTime before) {
  return connection_.execute("DELETE FROM password_tokens WHERE used_at <= $1 OR expires_at <= $1",
                             {before});
}

}  // namespace keyward::store
