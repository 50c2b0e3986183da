#pragma once
// License comments. Immutable once saved: there is no update or delete here, and the
// database's triggers reject them too.

#include <optional>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

inline constexpr std::string_view kCommentSortKeys[] = {"created_at"};

class CommentStore {
 public:
  explicit CommentStore(Connection& connection) : connection_(connection) {}

  // Inserts `comment` (its id is ignored) and returns it with the new id.
  core::Comment add(const core::Comment& comment);
  // The license's comments, newest first, empty outside `scope`.
  std::vector<core::Comment> list(const core::TenantScope& scope, core::Id license_id);
  // The page of the license's comments whose text contains query.q, in query's order.
  core::Page<core::Comment> page(const core::TenantScope& scope, core::Id license_id,
                                 const core::ListQuery& query);
  std::optional<core::Comment> find(const core::TenantScope& scope, core::Id license_id,
                                    core::Id comment_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
