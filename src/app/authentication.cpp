#include "app/authentication.hpp"

#include <algorithm>

#include "store/api_token_store.hpp"
#include "store/company_store.hpp"
#include "store/session_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {

std::optional<Authenticated> signed_in_user(store::Connection& connection, core::Id user_id) {
  auto user = store::UserStore(connection).find(user_id);
  if (!user || user->disabled) return std::nullopt;
  // Before a user is known there is no tenant yet: the lookup itself must see every company.
  auto company = store::CompanyStore(connection).find(core::TenantScope::operator_scope(0),
                                                      user->company_id);
  if (!company) return std::nullopt;
  return Authenticated{user_actor(*user, *company), std::move(*user), std::move(*company),
                       std::nullopt};
}

core::UnixTime next_idle_expiry(const core::Session& session, core::UnixTime now) {
  return std::min(now + kSessionIdleSeconds, session.absolute_expires_at);
}

std::optional<Authenticated> authenticate_api_token(store::Database& database,
                                                    std::string_view token, core::UnixTime now) {
  auto connection = database.acquire();
  const auto record = store::ApiTokenStore(*connection).use(store::hash_token(token), now);
  if (!record) return std::nullopt;
  return signed_in_user(*connection, record->user_id);
}

std::optional<Authenticated> authenticate_session(store::Database& database,
                                                  std::string_view session_token,
                                                  core::UnixTime now) {
  auto connection = database.acquire();
  store::SessionStore sessions(*connection);
  auto session = sessions.find(store::hash_token(session_token), now);
  if (!session) return std::nullopt;
  auto result = signed_in_user(*connection, session->user_id);
  if (!result) return std::nullopt;
  if (now - session->last_seen_at >= kSessionTouchSeconds) {
    session->idle_expires_at = next_idle_expiry(*session, now);
    session->last_seen_at = now;
    sessions.touch(session->id, now, session->idle_expires_at);
  }
  result->session = std::move(*session);
  return result;
}

}  // namespace keyward::app
