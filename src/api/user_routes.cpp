#include "api/user_routes.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <limits>

#include "api/account_json.hpp"
#include "api/portal.hpp"
#include "app/invitations.hpp"
#include "app/users.hpp"
#include "core/json_input.hpp"
#include "core/validation.hpp"

namespace keyward::api {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

http::Response list(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::ListQuery query = list_query(request, store::kUserSortKeys, "name");
  store::UserFilter filter{std::nullopt, query.q};
  if (const auto company = request.query_param("company_id")) {
    filter.company_id = core::parse_integer("company_id", *company, 1, kMaxId);
  }
  return list_response(app::list_users(context.database, caller.actor, filter, query), query,
                       user_json);
}

http::Response invite(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const boost::json::object object = body_object(request);
  const app::Invitation invitation{
      .email = core::required_text(object, "email", 1, 254),
      .name = core::optional_text(object, "name", 200),
      .role = core::required_text(object, "role", 1, 20),
      .company_id = core::required_integer(object, "company_id", 1, kMaxId),
      .language = core::text_if_present(object, "language", 2)};
  return http::json_response(
      201, user_json(app::invite_user(context.database, caller.actor, context.config.public_url,
                                      invitation)));
}

http::Response get(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(200, user_json(app::find_user(context.database, caller.actor,
                                                           id_param(request, "id", "user"))));
}

http::Response patch(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::Id id = id_param(request, "id", "user");
  const boost::json::object object = body_object(request);
  const app::UserChanges changes{core::text_if_present(object, "name", 200),
                                 core::text_if_present(object, "role", 20),
                                 core::optional_bool(object, "disabled")};
  return http::json_response(
      200, user_json(app::update_user(context.database, caller.actor, id, changes)));
}

http::Response remove(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::delete_user(context.database, caller.actor, id_param(request, "id", "user"));
  return no_content();
}

}  // namespace

void add_user_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/users", list);
  add_route(router, context, http::Method::post, "/api/v1/users", invite);
  add_route(router, context, http::Method::get, "/api/v1/users/{id}", get);
  add_route(router, context, http::Method::patch, "/api/v1/users/{id}", patch);
  add_route(router, context, http::Method::del, "/api/v1/users/{id}", remove);
}

}  // namespace keyward::api
