#include "app/users.hpp"

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "store/api_token_store.hpp"
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

}  // namespace

core::User create_user(store::Database& database, const Actor& actor, const NewUser& request) {
  core::User user;
  user.email = core::require_email("email", request.email);
  user.role = parse_role_or_throw(request.role);
  require_password_strength(request.password);
  user.name = request.name.empty() ? user.email.substr(0, user.email.find('@'))
                                   : core::require_text("name", request.name, 1, 200);

  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Company company = resolve_company(*connection, actor, request.company_reference);
  store::UserStore users(*connection);
  if (users.find_by_email(user.email)) throw email_taken(user.email);
  user.company_id = company.id;
  user.password_hash = hash_password(request.password);
  user.created_at = now();
  try {
    user = users.create(user);
  } catch (const store::DbError& error) {
    if (error.db_kind() == store::DbErrorKind::unique_violation) throw email_taken(user.email);
    throw;
  }
  log_change(*connection, actor,
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = "user.created",
              .details = {{"user_id", user.id},
                          {"email", user.email},
                          {"role", core::to_string(user.role)}}},
             user.created_at);
  transaction.commit();
  return user;
}

IssuedApiToken create_api_token(store::Database& database, const Actor& actor,
                                 const std::string& email, const std::string& name) {
  const std::string checked_email = core::require_email("email", email);
  const std::string checked_name = core::require_text("name", name, 1, 100);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto user = store::UserStore(*connection).find_by_email(checked_email);
  if (!user) throw core::not_found("user");
  // Out of the actor's scope reads as unknown, so e-mail addresses of other tenants never leak.
  const core::Company company =
      resolve_company(*connection, actor, std::to_string(user->company_id), "user");
  IssuedApiToken issued;
  issued.token = new_token("kw_");
  issued.record = store::ApiTokenStore(*connection)
                      .create(user->id, checked_name, store::hash_token(issued.token), now());
  log_change(*connection, actor,
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = "api_token.created",
              .details = {{"user_id", user->id}, {"token_id", issued.record.id},
                          {"name", checked_name}}},
             issued.record.created_at);
  transaction.commit();
  return issued;
}

}  // namespace keyward::app
