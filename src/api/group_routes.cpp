#include "api/group_routes.hpp"

#include <boost/json.hpp>
#include <limits>

#include "api/portal.hpp"
#include "app/groups.hpp"
#include "core/json_input.hpp"
#include "core/time_format.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

json::object group_json(const app::GroupView& view) {
  const core::Group& group = view.group;
  json::value profile = nullptr;
  if (view.profile) profile = json::object{{"id", view.profile->id}, {"name", view.profile->name}};
  return {{"id", group.id},
          {"license_id", group.license_id},
          {"parent_id", group.parent_id ? json::value(*group.parent_id) : json::value(nullptr)},
          {"name", group.name},
          {"main", !group.parent_id},
          {"depth", view.depth},
          {"devices", {{"direct", view.direct_devices}, {"total", view.total_devices}}},
          {"profile", std::move(profile)},
          {"created_at", core::format_timestamp(group.created_at)}};
}

http::Response tree(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t license_id = id_param(request, "id", "license");
  json::array items;
  for (const auto& view : app::group_tree(context.database, caller.actor, license_id)) {
    items.push_back(group_json(view));
  }
  return http::json_response(200,
                             json::object{{"license_id", license_id}, {"items", std::move(items)}});
}

http::Response create(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const json::object fields = json_body(request, {"parent_id", "name"});
  const std::int64_t parent_id = core::required_integer(fields, "parent_id", 1, kMaxId);
  const std::string name = core::required_text(fields, "name", 1, app::kMaxGroupName);
  return http::json_response(
      201, group_json(app::create_group(context.database, caller.actor, parent_id, name)));
}

http::Response show(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(200,
                             group_json(app::describe_group(context.database, caller.actor,
                                                            id_param(request, "id", "group"))));
}

http::Response change(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t group_id = id_param(request, "id", "group");
  const json::object fields = json_body(request, {"name", "parent_id"});
  app::GroupChange group_change;
  if (fields.contains("name")) {
    group_change.name = core::required_text(fields, "name", 1, app::kMaxGroupName);
  }
  group_change.parent_id = core::optional_integer(fields, "parent_id", 1, kMaxId);
  return http::json_response(
      200, group_json(app::change_group(context.database, caller.actor, group_id, group_change)));
}

http::Response remove(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::delete_group(context.database, caller.actor, id_param(request, "id", "group"));
  return no_content();
}

http::Response assign_profile(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t group_id = id_param(request, "id", "group");
  const json::object fields = json_body(request, {"profile_id"});
  const std::int64_t profile_id = core::required_integer(fields, "profile_id", 1, kMaxId);
  return http::json_response(
      200, group_json(app::set_group_profile(context.database, context.policies, caller.actor,
                                             group_id, profile_id)));
}

http::Response unassign_profile(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(
      200, group_json(app::set_group_profile(context.database, context.policies, caller.actor,
                                             id_param(request, "id", "group"), std::nullopt)));
}

}  // namespace

void add_group_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/groups", tree);
  add_route(router, context, http::Method::post, "/api/v1/groups", create);
  add_route(router, context, http::Method::get, "/api/v1/groups/{id}", show);
  add_route(router, context, http::Method::patch, "/api/v1/groups/{id}", change);
  add_route(router, context, http::Method::del, "/api/v1/groups/{id}", remove);
  add_route(router, context, http::Method::put, "/api/v1/groups/{id}/profile", assign_profile);
  add_route(router, context, http::Method::del, "/api/v1/groups/{id}/profile", unassign_profile);
}

}  // namespace keyward::api
