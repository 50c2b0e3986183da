#include "store/dashboard_link_store.hpp"

namespace keyward::store {
namespace {

DashboardLink to_link(const Row& row) { return {row.int64(0), row.int64(1), row.opt_int64(2)}; }

}  // namespace

void DashboardLinkStore::replace(core::Id user_id, const std::string& token_hash,
                                 core::UnixTime now) {
  remove(user_id);
  connection_.execute(
      "INSERT INTO dashboard_links (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
      {user_id, token_hash, now});
}

std::optional<DashboardLink> DashboardLinkStore::find_by_user(core::Id user_id) {
  const auto row = connection_.query_one(
      "SELECT user_id, created_at, last_used_at FROM dashboard_links WHERE user_id = $1",
      {user_id});
  if (!row) return std::nullopt;
  return to_link(*row);
}

std::optional<DashboardLink> DashboardLinkStore::use(const std::string& token_hash,
                                                     core::UnixTime now) {
  const auto row = connection_.query_one(
      "UPDATE dashboard_links SET last_used_at = $2 WHERE token_hash = $1 "
      "RETURNING user_id, created_at, last_used_at",
      {token_hash, now});
  if (!row) return std::nullopt;
  return to_link(*row);
}

bool DashboardLinkStore::remove(core::Id user_id) {
  return connection_.execute("DELETE FROM dashboard_links WHERE user_id = $1", {user_id}) == 1;
}

}  // namespace keyward::store
