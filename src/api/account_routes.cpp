#include "api/account_routes.hpp"

#include <boost/json.hpp>

#include "api/account_json.hpp"
#include "api/client_address.hpp"
#include "api/portal.hpp"
#include "app/account.hpp"
#include "core/json_input.hpp"
#include "store/api_token_store.hpp"

namespace keyward::api {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;

http::Response me(ApiContext& context, const http::Request& request) {
  return http::json_response(200, caller_json(authenticate(context, request)));
}

http::Response change_password(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const boost::json::object object = body_object(request);
  app::change_password(context.database, caller,
                       core::required_secret(object, "current", kMaxPasswordBytes),
                       core::required_secret(object, "new", kMaxPasswordBytes),
                       client_address(context, request), app::now());
  return no_content();
}

http::Response get_preferences(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(200, core::to_json(app::preferences_of(caller.user)));
}

http::Response put_preferences(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::Preferences saved = app::save_preferences(
      context.database, caller, core::parse_preferences(body_object(request)));
  return http::json_response(200, core::to_json(saved));
}

http::Response list_tokens(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::ListQuery query = list_query(request, store::kApiTokenSortKeys, "-created_at");
  return list_response(app::list_own_api_tokens(context.database, caller, query), query,
                       api_token_json);
}

http::Response create_token(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const auto issued = app::create_own_api_token(
      context.database, caller, core::required_text(body_object(request), "name", 1, 100));
  boost::json::object answer = api_token_json(issued.record);
  answer["token"] = issued.token;  // shown this once
  return http::json_response(201, answer);
}

http::Response revoke_token(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::revoke_own_api_token(context.database, caller, id_param(request, "id", "API token"),
                            app::now());
  return no_content();
}

}  // namespace

void add_account_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/me", me);
  add_route(router, context, http::Method::post, "/api/v1/me/password", change_password);
  add_route(router, context, http::Method::get, "/api/v1/me/preferences", get_preferences);
  add_route(router, context, http::Method::put, "/api/v1/me/preferences", put_preferences);
  add_route(router, context, http::Method::get, "/api/v1/me/tokens", list_tokens);
  add_route(router, context, http::Method::post, "/api/v1/me/tokens", create_token);
  add_route(router, context, http::Method::del, "/api/v1/me/tokens/{id}", revoke_token);
}

}  // namespace keyward::api
