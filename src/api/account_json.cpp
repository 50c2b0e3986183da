#include "api/account_json.hpp"

#include "app/account.hpp"
#include "core/time_format.hpp"

namespace keyward::api {

boost::json::value optional_timestamp(const std::optional<core::UnixTime>& time) {
  if (!time) return nullptr;
  return boost::json::value(core::format_timestamp(*time));
}

boost::json::object company_json(const core::Company& company) {
  return {{"id", company.id},
          {"name", company.name},
          {"kind", core::to_string(company.kind)},
          {"parent_id", company.parent_id ? boost::json::value(*company.parent_id) : nullptr},
          {"created_at", core::format_timestamp(company.created_at)}};
}

boost::json::object user_json(const store::ListedUser& listed) {
  const core::User& user = listed.user;
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"role", core::to_string(user.role)},
          {"language", core::to_string(user.language)},
          {"company", {{"id", user.company_id}, {"name", listed.company_name}}},
          {"disabled", user.disabled},
          {"totp_enabled", user.totp_enabled},
          // Invited users have no password until they follow the link of the invitation.
          {"invitation_pending", user.password_hash.empty()},
          {"created_at", core::format_timestamp(user.created_at)},
          {"last_login_at", optional_timestamp(user.last_login_at)}};
}

boost::json::object api_token_json(const core::ApiToken& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"created_at", core::format_timestamp(token.created_at)},
          {"last_used_at", optional_timestamp(token.last_used_at)},
          {"revoked", token.revoked_at.has_value()},
          {"revoked_at", optional_timestamp(token.revoked_at)}};
}

boost::json::object caller_json(const app::Authenticated& caller) {
  return {{"user",
           {{"id", caller.user.id},
            {"email", caller.user.email},
            {"name", caller.user.name},
            {"role", core::to_string(caller.user.role)},
            {"language", core::to_string(caller.user.language)},
            {"totp_enabled", caller.user.totp_enabled},
            {"preferences", core::to_json(app::preferences_of(caller.user))}}},
          {"company",
           {{"id", caller.company.id},
            {"name", caller.company.name},
            {"kind", core::to_string(caller.company.kind)}}}};
}

}  // namespace keyward::api
