#pragma once
// Portal users and their API tokens.

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"

namespace keyward::app {

struct NewUser {
  std::string company_reference;  // id or name
  std::string email;
  std::string role;  // admin | technician | viewer
  std::string password;
  std::string name;  // display name; defaults to the e-mail's local part
};

// Validates everything (e-mail, role, password strength), stores an Argon2id hash of the
// password and logs the change. An e-mail in use (any letter case) is a conflict.
core::User create_user(store::Database& database, const Actor& actor, const NewUser& request);

// A user's validated e-mail (canonical form), role and display name (default: the e-mail's
// local part); core::Error invalid_request naming the field otherwise.
core::User new_user(const std::string& email, const std::string& role, const std::string& name);

// Stores `user` (from new_user, with its password hash or none) in `company` and logs it,
// inside the caller's transaction. 409 `user_exists` for an e-mail in use in any letter case.
core::User add_user(store::Connection& connection, const Actor& actor, const core::Company& company,
                    core::User user);

struct IssuedApiToken {
  core::ApiToken record;
  std::string token;  // shown once; only its hash is stored
};

// A new API token for the user with `email` (within the actor's scope).
IssuedApiToken create_api_token(store::Database& database, const Actor& actor,
                                 const std::string& email, const std::string& name);

// A new API token for `user` of `company`, logged, inside the caller's transaction.
IssuedApiToken issue_api_token(store::Connection& connection, const Actor& actor,
                               const core::User& user, const core::Company& company,
                               const std::string& name);

// Managing users is for admins (403 for technicians and viewers), and only for users of
// their own company and the companies below it: anyone else is 404, as if absent.
store::ListPage<store::ListedUser> list_users(store::Database& database, const Actor& actor,
                                              const store::UserFilter& filter,
                                              const core::ListQuery& query);
store::ListedUser find_user(store::Database& database, const Actor& actor, core::Id id);

struct UserChanges {
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<bool> disabled;
};

// Changes what is given. An admin can not demote or disable themselves while they are the
// last enabled admin of their company (409 `last_admin`); disabling ends the user's sessions.
// Logged.
store::ListedUser update_user(store::Database& database, const Actor& actor, core::Id id,
                              const UserChanges& changes);

// Deletes the user with their sessions, tokens and links; the action log keeps their name.
// 409 `last_admin` for an admin deleting themselves as the last admin. Logged.
void delete_user(store::Database& database, const Actor& actor, core::Id id);

}  // namespace keyward::app
