#pragma once
// The JSON forms of users, companies, API tokens and the signed-in caller, shared by the
// sign-in, account, user and company routes.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "app/authentication.hpp"
#include "core/entities.hpp"
#include "store/user_store.hpp"

namespace keyward::api {

// An ISO-8601 timestamp, or null.
boost::json::value optional_timestamp(const std::optional<core::UnixTime>& time);

// {id, name, kind, parent_id, created_at}
boost::json::object company_json(const core::Company& company);

// {id, email, name, role, language, company:{id,name}, disabled, totp_enabled,
//  invitation_pending, created_at, last_login_at}
boost::json::object user_json(const store::ListedUser& listed);

// {id, name, created_at, last_used_at, revoked, revoked_at}
boost::json::object api_token_json(const core::ApiToken& token);

// {user:{…, preferences, totp_enabled}, company:{id,name,kind}}: GET /me and the session.
boost::json::object caller_json(const app::Authenticated& caller);

}  // namespace keyward::api
