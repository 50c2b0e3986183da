#pragma once
// License comments. Immutable once saved: there is no update or delete here, and the
// database's triggers reject them too.

#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

class CommentStore {
 public:
  explicit CommentStore(Connection& connection) : connection_(connection) {}

  // Inserts `comment` (its id is ignored) and returns it with the new id.
  core::Comment add(const core::Comment& comment);
  // The license's comments, newest first, empty outside `scope`.
  std::vector<core::Comment> list(const core::TenantScope& scope, core::Id license_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
