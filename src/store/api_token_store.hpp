#pragma once
// API tokens for scripts. Only the hash of a token is stored; the caller hashes with
// hash_token() before every call.

#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/database.hpp"
#include "store/list_page.hpp"

namespace keyward::store {

// The sort keys of a user's token list.
inline constexpr std::string_view kApiTokenSortKeys[] = {"name", "created_at", "last_used_at"};

class ApiTokenStore {
 public:
  explicit ApiTokenStore(Connection& connection) : connection_(connection) {}

  core::ApiToken create(core::Id user_id, const std::string& name, const std::string& token_hash,
                        core::UnixTime now);
  // The unrevoked token with this hash; records `now` as its last use.
  std::optional<core::ApiToken> use(const std::string& token_hash, core::UnixTime now);
  // Revokes one of `user_id`'s tokens; false when there is no such unrevoked token.
  bool revoke(core::Id user_id, core::Id token_id, core::UnixTime now);
  // All of the user's tokens, revoked ones included, newest first.
  std::vector<core::ApiToken> list_by_user(core::Id user_id);
  // One page of the user's tokens whose name contains `q`, revoked ones included.
  ListPage<core::ApiToken> list(core::Id user_id, const std::string& q,
                                const core::ListQuery& query);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
