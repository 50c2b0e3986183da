#include "api/session_routes.hpp"

#include <boost/json.hpp>

#include "api/account_json.hpp"
#include "api/client_address.hpp"
#include "api/portal.hpp"
#include "app/invitations.hpp"
#include "app/sign_in.hpp"
#include "core/json_input.hpp"
#include "http/cookies.hpp"

namespace keyward::api {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxTokenBytes = 256;

// Secure whenever the browser talks HTTPS: directly (TLS here) or through a proxy that
// terminates TLS for the public https:// URL.
http::CookieOptions session_cookie_options(const ApiContext& context,
                                           const http::Request& request) {
  http::CookieOptions options;
  options.secure = request.tls || context.config.public_url.starts_with("https://");
  return options;
}

app::SignInRequest sign_in_request(const ApiContext& context, const http::Request& request) {
  const boost::json::object object = body_object(request);
  return {core::required_text(object, "email", 1, 254),
          core::required_secret(object, "password", kMaxPasswordBytes),
          {core::optional_secret(object, "totp_code", kMaxCodeBytes),
           core::optional_secret(object, "recovery_code", kMaxCodeBytes)},
          client_address(context, request)};
}

http::Response create_session(ApiContext& context, const http::Request& request) {
  const app::SignedIn signed_in =
      app::sign_in(context.database, sign_in_request(context, request), app::now());
  boost::json::object body = caller_json(signed_in.caller);
  body["csrf_token"] = signed_in.caller.session->csrf_token;
  http::Response response = http::json_response(200, body);
  response.set_header("set-cookie", http::set_cookie(kSessionCookie, signed_in.session_token,
                                                     session_cookie_options(context, request)));
  return response;
}

// The caller's session; API tokens have none.
const core::Session& session_of(const app::Authenticated& caller) {
  if (!caller.session) throw core::not_found("session (API tokens have no session)");
  return *caller.session;
}

http::Response current_session(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  boost::json::object body = caller_json(caller);
  body["csrf_token"] = session_of(caller).csrf_token;
  return http::json_response(200, body);
}

http::Response delete_session(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  session_of(caller);
  app::sign_out(context.database, *http::cookie(request, kSessionCookie));
  http::Response response = no_content();
  http::CookieOptions expired = session_cookie_options(context, request);
  expired.max_age_s = 0;
  response.set_header("set-cookie", http::set_cookie(kSessionCookie, "", expired));
  return response;
}

http::Response set_password(ApiContext& context, const http::Request& request) {
  const boost::json::object object = body_object(request);
  app::set_password_with_token(
      context.database, core::required_secret(object, "token", kMaxTokenBytes),
      core::required_secret(object, "password", kMaxPasswordBytes), app::now());
  return no_content();
}

}  // namespace

void add_session_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::post, "/api/v1/session", create_session);
  add_route(router, context, http::Method::get, "/api/v1/session", current_session);
  add_route(router, context, http::Method::del, "/api/v1/session", delete_session);
  add_route(router, context, http::Method::post, "/api/v1/password/set", set_password);
}

}  // namespace keyward::api
