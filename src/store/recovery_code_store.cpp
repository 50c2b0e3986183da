#include "store/recovery_code_store.hpp"

namespace keyward::store {

void RecoveryCodeStore::replace(core::Id user_id, const std::vector<std::string>& code_hashes) {
  remove_for_user(user_id);
  for (const auto& hash : code_hashes) {
    connection_.execute("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)",
                        {user_id, hash});
  }
}

bool RecoveryCodeStore::redeem(core::Id user_id, const std::string& code_hash, core::UnixTime now) {
  return connection_.execute(
             "UPDATE recovery_codes SET used_at = $3 "
             "WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
             {user_id, code_hash, now}) == 1;
}

void RecoveryCodeStore::remove_for_user(core::Id user_id) {
  connection_.execute("DELETE FROM recovery_codes WHERE user_id = $1", {user_id});
}

}  // namespace keyward::store
