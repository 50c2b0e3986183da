#pragma once
// Portal users. Lookups by e-mail and id serve login and session resolution, which happen
// before any tenant is known; lists of users are tenant data and take a scope.

#include <optional>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

class UserStore {
 public:
  explicit UserStore(Connection& connection) : connection_(connection) {}

  // Inserts `user` (its id is ignored) and returns it with the new id. Throws DbError
  // unique_violation when the e-mail is taken in any letter case.
  core::User create(const core::User& user);
  // Case-insensitive.
  std::optional<core::User> find_by_email(std::string_view email);
  std::optional<core::User> find(core::Id id);
  // Users of `company_id`, when that company lies within `scope`; by e-mail.
  std::vector<core::User> list_by_company(const core::TenantScope& scope, core::Id company_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
