#include "store/api_token_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "id, user_id, name, token_hash, created_at, last_used_at, revoked_at";

core::ApiToken to_token(const Row& row) {
  return core::ApiToken{
      .id = row.int64(0),
      .user_id = row.int64(1),
      .name = row.text(2),
      .token_hash = row.text(3),
      .created_at = row.int64(4),
      .last_used_at = row.opt_int64(5),
      .revoked_at = row.opt_int64(6),
  };
}

}  // namespace

core::ApiToken ApiTokenStore::create(core::Id user_id, const std::string& name,
                                     const std::string& token_hash, core::UnixTime now) {
  const Row row = *connection_.query_one(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      {user_id, name, token_hash, now});
  return core::ApiToken{.id = row.int64(0),
                        .user_id = user_id,
                        .name = name,
                        .token_hash = token_hash,
                        .created_at = now};
}

std::optional<core::ApiToken> ApiTokenStore::use(const std::string& token_hash,
                                                 core::UnixTime now) {
  // One statement finds and touches the token, so authentication costs one round trip.
  const auto row = connection_.query_one(
      "UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL "
      "RETURNING " +
          std::string(kColumns),
      {token_hash, now});
  if (!row) return std::nullopt;
  return to_token(*row);
}

bool ApiTokenStore::revoke(core::Id user_id, core::Id token_id, core::UnixTime now) {
  return connection_.execute(
             "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND "
             "revoked_at IS NULL",
             {token_id, user_id, now}) == 1;
}

std::vector<core::ApiToken> ApiTokenStore::list_by_user(core::Id user_id) {
  std::vector<core::ApiToken> result;
  for (const Row& row : connection_.query("SELECT " + std::string(kColumns) +
                                              " FROM api_tokens WHERE user_id = $1 "
                                              "ORDER BY created_at DESC, id DESC",
                                          {user_id})) {
    result.push_back(to_token(row));
  }
  return result;
}

ListPage<core::ApiToken> ApiTokenStore::list(core::Id user_id, const std::string& q,
                                             const core::ListQuery& query) {
  Params params{user_id};
  std::string from_where = "FROM api_tokens WHERE user_id = $1";
  if (!q.empty()) from_where += " AND " + contains_condition(q, {"lower(name)"}, params);
  const std::string order = order_by(query,
                                     {{"name", "lower(name)"},
                                      {"created_at", "created_at"},
                                      {"last_used_at", "COALESCE(last_used_at, 0)"}},
                                     "id");
  return read_page<core::ApiToken>(connection_, kColumns, from_where, params, order, query,
                                   to_token);
}

}  // namespace keyward::store
