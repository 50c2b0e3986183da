#pragma once
// Read-only dashboard links: at most one per user, its token stored only as a hash.

#include <optional>
#include <string>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

struct DashboardLink {
  core::Id user_id = 0;
  core::UnixTime created_at = 0;
  std::optional<core::UnixTime> last_used_at;
};

class DashboardLinkStore {
 public:
  explicit DashboardLinkStore(Connection& connection) : connection_(connection) {}

  // The user's link becomes this one; an earlier link stops working.
  void replace(core::Id user_id, const std::string& token_hash, core::UnixTime now);
  std::optional<DashboardLink> find_by_user(core::Id user_id);
  // The link with this hash, recording its use.
  std::optional<DashboardLink> use(const std::string& token_hash, core::UnixTime now);
  // False when the user had no link.
  bool remove(core::Id user_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
