#include "api/dashboard_routes.hpp"

#include "api/dashboard_json.hpp"
#include "api/portal.hpp"
#include "app/dashboard.hpp"

namespace keyward::api {
namespace {

http::Response dashboard(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return http::json_response(
      200, dashboard_json(app::dashboard_summary(context.database, caller.actor.scope),
                          caller.user.language, app::now()));
}

}  // namespace

void add_dashboard_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/dashboard", dashboard);
}

}  // namespace keyward::api
