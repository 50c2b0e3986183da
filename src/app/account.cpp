#include "app/account.hpp"

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "store/api_token_store.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
void log_own_change(store::Connection& connection, const Authenticated& caller,
                    const std::string& action, boost::json::object details, core::UnixTime at) {
  details["user_id"] = caller.user.id;
  log_change(connection, caller.actor,
             {.company_id = caller.company.id,
              .reseller_id = reseller_of(caller.company),
              .action = action,
              .details = std::move(details)},
             at);
}

void require_session(const Authenticated& caller, std::string_view what) {
  if (!caller.session) {
    throw core::Error(core::ErrorKind::forbidden, "session_required",
                      "sign in with the browser to " + std::string(what) +
                          "; API tokens can not change credentials");
  }
}

void change_password(store::Database& database, const Authenticated& caller,
                     const std::string& current_password, const std::string& new_password,
                     const std::string& client_address, core::UnixTime now) {
  require_session(caller, "change the password");
  require_password_strength(new_password);
  confirm_identity(database, caller, {.password = current_password}, client_address, now);
  const std::string hash = hash_password(new_password);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::UserStore(*connection).set_password_hash(caller.user.id, hash);
  store::SessionStore(*connection).remove_for_user_except(caller.user.id, caller.session->id);
  log_own_change(*connection, caller, "user.password_changed", {}, now);
  transaction.commit();
}

core::Preferences preferences_of(const core::User& user) {
  return core::read_stored_preferences(user.preferences, user.language);
}

core::Preferences save_preferences(store::Database& database, const Authenticated& caller,
                                   const core::Preferences& preferences) {
  auto connection = database.acquire();
  store::UserStore(*connection)
      .set_preferences(caller.user.id, preferences.language, core::stored_preferences(preferences));
  return preferences;
}

store::ListPage<core::ApiToken> list_own_api_tokens(store::Database& database,
                                                    const Authenticated& caller,
                                                    const core::ListQuery& query) {
  auto connection = database.acquire();
  return store::ApiTokenStore(*connection).list(caller.user.id, query.q, query);
}

IssuedApiToken create_own_api_token(store::Database& database, const Authenticated& caller,
                                    const std::string& name) {
  require_session(caller, "create API tokens");
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  IssuedApiToken issued =
      issue_api_token(*connection, caller.actor, caller.user, caller.company, name);
  transaction.commit();
  return issued;
}

void revoke_own_api_token(store::Database& database, const Authenticated& caller, core::Id token_id,
                          core::UnixTime now) {
  require_session(caller, "revoke API tokens");
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  if (!store::ApiTokenStore(*connection).revoke(caller.user.id, token_id, now)) {
    throw core::not_found("API token");
  }
  log_own_change(*connection, caller, "api_token.revoked", {{"token_id", token_id}}, now);
  transaction.commit();
}

}  // namespace keyward::app
