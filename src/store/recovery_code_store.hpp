#pragma once
// TOTP recovery codes: stored only as hashes, each usable once.

#include <string>
#include <vector>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class RecoveryCodeStore {
 public:
  explicit RecoveryCodeStore(Connection& connection) : connection_(connection) {}

  // The user's codes become exactly these (earlier ones stop working).
  void replace(core::Id user_id, const std::vector<std::string>& code_hashes);
  // Uses up the unused code with this hash; false when there is none.
  bool redeem(core::Id user_id, const std::string& code_hash, core::UnixTime now);
  void remove_for_user(core::Id user_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
