#include "api/two_factor_routes.hpp"

#include <boost/json.hpp>

#include "api/client_address.hpp"
#include "api/portal.hpp"
#include "app/two_factor.hpp"
#include "core/json_input.hpp"

namespace keyward::api {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxCodeBytes = 64;

http::Response enrol(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const app::TotpEnrolment enrolment = app::enrol_totp(context.database, caller);
  return http::json_response(200, boost::json::object{{"secret", enrolment.secret},
                                                      {"otpauth_uri", enrolment.otpauth_uri},
                                                      {"qr_svg", enrolment.qr_svg}});
}

http::Response verify(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const auto codes = app::enable_totp(
      context.database, caller, core::required_secret(body_object(request), "code", kMaxCodeBytes),
      app::now());
  boost::json::array recovery_codes;
  for (const auto& code : codes) recovery_codes.emplace_back(code);
  return http::json_response(
      200, boost::json::object{{"totp_enabled", true}, {"recovery_codes", recovery_codes}});
}

http::Response disable(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const boost::json::object object = body_object(request);
  app::disable_totp(context.database, caller,
                    {core::optional_secret(object, "password", kMaxPasswordBytes),
                     core::optional_secret(object, "code", kMaxCodeBytes)},
                    client_address(context, request), app::now());
  return no_content();
}

}  // namespace

void add_two_factor_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::post, "/api/v1/me/totp", enrol);
  add_route(router, context, http::Method::post, "/api/v1/me/totp/verify", verify);
  add_route(router, context, http::Method::post, "/api/v1/me/totp/disable", disable);
}

}  // namespace keyward::api
