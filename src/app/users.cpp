#include "app/users.hpp"

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "store/api_token_store.hpp"
#include "store/session_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
namespace {

core::Error email_taken(const std::string& email) {
  return core::Error(core::ErrorKind::conflict, "user_exists",
                     "a user with the e-mail " + email + " already exists");
}

core::Role parse_role_or_throw(const std::string& text) {
  const auto role = core::parse_role(text);
  if (!role) throw core::invalid_request("role", "must be admin, technician or viewer");
  return *role;
}

void log_user_change(store::Connection& connection, const Actor& actor,
                     const store::ListedUser& listed, const std::string& action,
                     boost::json::object details) {
  const core::Company company =
      resolve_company(connection, actor, std::to_string(listed.user.company_id), "user");
  details["user_id"] = listed.user.id;
  details["email"] = listed.user.email;
  log_change(connection, actor,
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = action,
              .details = std::move(details)},
             now());
}

store::ListedUser find_managed_user(store::Connection& connection, const Actor& actor,
                                    core::Id id) {
  require_admin(actor, "manage users");
  auto listed = store::UserStore(connection).find_in_scope(actor.scope, id);
  if (!listed) throw core::not_found("user");
  return *listed;
}

// The last enabled admin of a company can not take away their own admin rights: someone
// must be left who manages the company's users.
void require_other_admin(store::Connection& connection, const Actor& actor, const core::User& user,
                         std::string_view what) {
  if (actor.user_id != user.id || user.role != core::Role::admin || user.disabled) return;
  if (store::UserStore(connection).count_enabled_admins(user.company_id) <= 1) {
    throw core::Error(core::ErrorKind::conflict, "last_admin",
                      "you are the last admin of your company and can not " + std::string(what) +
                          " yourself; make another user admin first");
  }
}

}  // namespace

core::User new_user(const std::string& email, const std::string& role, const std::string& name) {
  core::User user;
  user.email = core::require_email("email", email);
  user.role = parse_role_or_throw(role);
  user.name = name.empty() ? user.email.substr(0, user.email.find('@'))
                           : core::require_text("name", name, 1, 200);
  return user;
}

core::User add_user(store::Connection& connection, const Actor& actor, const core::Company& company,
                    core::User user) {
  store::UserStore users(connection);
  if (users.find_by_email(user.email)) throw email_taken(user.email);
  user.company_id = company.id;
  user.created_at = now();
  try {
    user = users.create(user);
  } catch (const store::DbError& error) {
    if (error.db_kind() == store::DbErrorKind::unique_violation) throw email_taken(user.email);
    throw;
  }
  log_change(connection, actor,
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = "user.created",
              .details = {{"user_id", user.id},
                          {"email", user.email},
                          {"role", core::to_string(user.role)}}},
             user.created_at);
  return user;
}

core::User create_user(store::Database& database, const Actor& actor, const NewUser& request) {
  core::User user = new_user(request.email, request.role, request.name);
  require_password_strength(request.password);
  user.password_hash = hash_password(request.password);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Company company = resolve_company(*connection, actor, request.company_reference);
  user = add_user(*connection, actor, company, std::move(user));
  transaction.commit();
  return user;
}

IssuedApiToken issue_api_token(store::Connection& connection, const Actor& actor,
                               const core::User& user, const core::Company& company,
                               const std::string& name) {
  const std::string checked_name = core::require_text("name", name, 1, 100);
  IssuedApiToken issued;
  issued.token = new_token("kw_");
  issued.record = store::ApiTokenStore(connection)
                      .create(user.id, checked_name, store::hash_token(issued.token), now());
  log_change(
      connection, actor,
      {.company_id = company.id,
       .reseller_id = reseller_of(company),
       .action = "api_token.created",
       .details = {{"user_id", user.id}, {"token_id", issued.record.id}, {"name", checked_name}}},
      issued.record.created_at);
  return issued;
}

IssuedApiToken create_api_token(store::Database& database, const Actor& actor,
                                 const std::string& email, const std::string& name) {
  const std::string checked_email = core::require_email("email", email);
  core::require_text("name", name, 1, 100);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto user = store::UserStore(*connection).find_by_email(checked_email);
  if (!user) throw core::not_found("user");
  // Out of the actor's scope reads as unknown, so e-mail addresses of other tenants never leak.
  const core::Company company =
      resolve_company(*connection, actor, std::to_string(user->company_id), "user");
  IssuedApiToken issued = issue_api_token(*connection, actor, *user, company, name);
  transaction.commit();
  return issued;
}

store::ListPage<store::ListedUser> list_users(store::Database& database, const Actor& actor,
                                              const store::UserFilter& filter,
                                              const core::ListQuery& query) {
  require_admin(actor, "manage users");
  auto connection = database.acquire();
  return store::UserStore(*connection).list(actor.scope, filter, query);
}

store::ListedUser find_user(store::Database& database, const Actor& actor, core::Id id) {
  auto connection = database.acquire();
  return find_managed_user(*connection, actor, id);
}

store::ListedUser update_user(store::Database& database, const Actor& actor, core::Id id,
                              const UserChanges& changes) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::ListedUser listed = find_managed_user(*connection, actor, id);
  const core::User before = listed.user;
  core::User& user = listed.user;
  if (changes.name) user.name = core::require_text("name", *changes.name, 1, 200);
  if (changes.role) user.role = parse_role_or_throw(*changes.role);
  if (changes.disabled) user.disabled = *changes.disabled;
  if (user.disabled && !before.disabled) require_other_admin(*connection, actor, before, "disable");
  if (user.role != core::Role::admin) require_other_admin(*connection, actor, before, "demote");
  boost::json::object details;
  if (user.name != before.name) details["name"] = user.name;
  if (user.role != before.role) details["role"] = core::to_string(user.role);
  if (user.disabled != before.disabled) details["disabled"] = user.disabled;
  if (!details.empty()) {
    store::UserStore(*connection).update(user);
    if (user.disabled) store::SessionStore(*connection).remove_for_user(user.id);
    log_user_change(*connection, actor, listed, "user.updated", std::move(details));
  }
  transaction.commit();
  return listed;
}

void delete_user(store::Database& database, const Actor& actor, core::Id id) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const store::ListedUser listed = find_managed_user(*connection, actor, id);
  require_other_admin(*connection, actor, listed.user, "delete");
  store::UserStore(*connection).remove(id);
  log_user_change(*connection, actor, listed, "user.deleted", {{"name", listed.user.name}});
  transaction.commit();
}

}  // namespace keyward::app
