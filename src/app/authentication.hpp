#pragma once
// Who is calling the portal API: a browser session (cookie) or a script (API token). Both
// resolve to the signed-in user, their company and the Actor the use cases take.

#include <optional>
#include <string_view>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

// A session ends after this long without a request, and in any case this long after sign-in.
inline constexpr core::UnixTime kSessionIdleSeconds = 30 * 60;
inline constexpr core::UnixTime kSessionAbsoluteSeconds = 12 * 60 * 60;
// Activity is written back at most this often, so that a busy browser does not turn every
// read into a database write.
inline constexpr core::UnixTime kSessionTouchSeconds = 60;

struct Authenticated {
  Actor actor;
  core::User user;
  core::Company company;
  std::optional<core::Session> session;  // empty for API tokens
};

// The user of an unrevoked API token, when the user is not disabled; records the use.
std::optional<Authenticated> authenticate_api_token(store::Database& database,
                                                    std::string_view token, core::UnixTime now);

// The user of an unexpired session, when the user is not disabled; extends its idle expiry.
std::optional<Authenticated> authenticate_session(store::Database& database,
                                                  std::string_view session_token,
                                                  core::UnixTime now);

// The enabled user with `user_id` and their company, or nothing (also for work done later on
// a user's behalf, such as an export: a user disabled meanwhile gets nothing).
std::optional<Authenticated> signed_in_user(store::Connection& connection, core::Id user_id);

// The session's idle expiry after activity at `now`: never past the absolute expiry.
core::UnixTime next_idle_expiry(const core::Session& session, core::UnixTime now);

}  // namespace keyward::app
