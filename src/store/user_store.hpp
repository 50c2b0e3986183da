#pragma once
// Portal users. Lookups by e-mail and id serve login and session resolution, which happen
// before any tenant is known; lists of users are tenant data and take a scope.

#include <optional>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"
#include "store/list_page.hpp"

namespace keyward::store {

// A user as lists show them: with the name of their company.
struct ListedUser {
  core::User user;
  std::string company_name;
};

struct UserFilter {
  std::optional<core::Id> company_id;
  std::string q;  // contained in the name or the e-mail (case-insensitive)
};

// The sort keys of the users list.
inline constexpr std::string_view kUserSortKeys[] = {"name",    "email",      "role",
                                                     "company", "created_at", "last_login_at"};

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
  // The user with `id` when their company lies within `scope`.
  std::optional<ListedUser> find_in_scope(const core::TenantScope& scope, core::Id id);
  // Users of the companies within `scope` that match `filter`, one page of them.
  ListPage<ListedUser> list(const core::TenantScope& scope, const UserFilter& filter,
                            const core::ListQuery& query);

  // Writes name, role and disabled of `user`.
  void update(const core::User& user);
  void set_password_hash(core::Id id, const std::string& password_hash);
  // A new (not yet enabled) secret, or none: TOTP off.
  void set_totp(core::Id id, const std::optional<std::string>& secret, bool enabled);
  // Records that the TOTP code of `step` was used; false when that step or a later one was
  // used already, so a code works only once (atomic: two servers can not both accept it).
  bool claim_totp_step(core::Id id, std::int64_t step);
  void set_preferences(core::Id id, core::Language language, const std::string& preferences);
  void record_login(core::Id id, core::UnixTime at);
  // False when there was no such user.
  bool remove(core::Id id);
  // Enabled admins of the company; the last one may not remove their own rights.
  std::int64_t count_enabled_admins(core::Id company_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
