#include "api/device_routes.hpp"

#include <boost/json.hpp>

#include "api/device_json.hpp"
#include "api/portal.hpp"
#include "api/query_params.hpp"
#include "app/device_bulk.hpp"
#include "app/device_list.hpp"
#include "app/device_queries.hpp"
#include "app/device_updates.hpp"
#include "core/bulk_request.hpp"
#include "core/device_mute.hpp"
#include "core/json_input.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

std::int64_t device_id(const http::Request& request) { return id_param(request, "id", "device"); }

// `status=unknown&status=eol` or `status=unknown,eol`: any of them.
core::StatusFlags status_filter(const http::Request& request) {
  core::StatusFlags flags = 0;
  for (const std::string& value : request.query_params("status")) {
    flags |= core::parse_status_filter(value);
  }
  return flags;
}

app::DeviceListRequest list_request(const http::Request& request) {
  return app::DeviceListRequest{.query = list_query(request, store::kDeviceSortKeys, "hostname"),
                                .license_id = id_query_param(request, "license_id"),
                                .group_id = id_query_param(request, "group_id"),
                                .statuses = status_filter(request)};
}

http::Response list(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const app::DeviceListRequest list = list_request(request);
  return devices_response(app::list_devices(context.database, context.policies, caller.actor, list),
                          list.query, caller.user.language);
}

http::Response license_devices(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const app::DeviceListRequest list = list_request(request);
  return devices_response(
      app::list_license_devices(context.database, context.policies, caller.actor,
                                id_param(request, "id", "license"), list),
      list.query, caller.user.language);
}

http::Response show(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return http::json_response(
      200, device_details_json(app::describe_device(context.database, context.policies,
                                                    caller.actor, device_id(request)),
                               caller.user.language));
}

app::DeviceChanges device_changes(const json::object& body) {
  app::DeviceChanges changes;
  if (const auto* description = body.if_contains("description")) {
    if (!description->is_string()) throw core::invalid_request("description", "must be a string");
    changes.description = std::string(description->get_string());
  }
  if (const auto* muted = body.if_contains("muted")) {
    changes.muted = core::parse_mute_setting(*muted, "muted");
  }
  if (!changes.description && !changes.muted) {
    throw core::invalid_request("body", "description or muted is required");
  }
  return changes;
}

http::Response update(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const app::DeviceChanges changes = device_changes(json_body(request, {"description", "muted"}));
  return http::json_response(
      200, device_details_json(app::update_device(context.database, context.policies, caller.actor,
                                                  device_id(request), changes),
                               caller.user.language));
}

http::Response bulk(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const core::BulkDeviceRequest bulk =
      core::parse_bulk_device_request(json_body(request, {"action", "device_ids", "group_id"}));
  json::array results;
  for (const auto& result :
       app::run_bulk_device_action(context.database, context.policies, caller.actor, bulk)) {
    results.push_back(bulk_item_json(result));
  }
  return http::json_response(200, json::object{{"results", std::move(results)}});
}

}  // namespace

http::Response devices_response(const core::Page<app::DeviceListItem>& page,
                                const core::ListQuery& query, core::Language language) {
  return list_response(page, query, [language](const app::DeviceListItem& item) {
    return device_list_item_json(item, language);
  });
}

void add_device_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/devices", list);
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/devices", license_devices);
  add_route(router, context, http::Method::get, "/api/v1/devices/{id}", show);
  add_route(router, context, http::Method::patch, "/api/v1/devices/{id}", update);
  add_route(router, context, http::Method::post, "/api/v1/devices/bulk", bulk);
}

}  // namespace keyward::api
