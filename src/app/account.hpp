#pragma once
// The signed-in user's own account: password, preferences and API tokens.
//
// Credentials are managed from a browser session only: an API token can not create or revoke
// tokens, change the password, switch two-factor sign-in or make a dashboard link. A leaked
// script token thus can not mint successors that outlive its own revocation, nor lock its
// owner out. Reading (the token list) and preferences are open to API tokens too.

#include <boost/json/object.hpp>
#include <string>

#include "app/authentication.hpp"
#include "app/credentials.hpp"
#include "app/users.hpp"
#include "core/list_query.hpp"
#include "core/preferences.hpp"
#include "store/database.hpp"
#include "store/list_page.hpp"

namespace keyward::app {

// 403 `session_required` unless the caller signed in with a browser session.
void require_session(const Authenticated& caller, std::string_view what);

// An action-log entry for a change of the caller's own account (`details` get the user id),
// inside the caller's transaction.
void log_own_change(store::Connection& connection, const Authenticated& caller,
                    const std::string& action, boost::json::object details, core::UnixTime at);

// After confirm_identity with the current password: stores the new one (strength rules of
// require_password_strength) and ends every other session of the user. Logged.
void change_password(store::Database& database, const Authenticated& caller,
                     const std::string& current_password, const std::string& new_password,
                     const std::string& client_address, core::UnixTime now);

core::Preferences preferences_of(const core::User& user);
// Stores `preferences` (the language in its column, the rest as JSON) and returns them.
core::Preferences save_preferences(store::Database& database, const Authenticated& caller,
                                   const core::Preferences& preferences);

store::ListPage<core::ApiToken> list_own_api_tokens(store::Database& database,
                                                    const Authenticated& caller,
                                                    const core::ListQuery& query);
// A new token of the caller (name: 1..100 characters). Logged.
IssuedApiToken create_own_api_token(store::Database& database, const Authenticated& caller,
                                    const std::string& name);
// 404 for an unknown, already revoked or someone else's token. Logged.
void revoke_own_api_token(store::Database& database, const Authenticated& caller, core::Id token_id,
                          core::UnixTime now);

}  // namespace keyward::app
