#include "api/stale_device_routes.hpp"

#include <boost/json.hpp>

#include "api/device_json.hpp"
#include "api/device_routes.hpp"
#include "api/portal.hpp"
#include "app/stale_devices.hpp"
#include "core/validation.hpp"
#include "store/device_directory.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

app::StaleOwner license_owner(const http::Request& request) {
  return {app::StaleOwner::Kind::license, id_param(request, "id", "license")};
}

app::StaleOwner company_owner(const http::Request& request) {
  return {app::StaleOwner::Kind::company, id_param(request, "id", "company")};
}

std::int64_t days_param(const http::Request& request) {
  const auto days = request.query_param("days");
  if (!days) throw core::invalid_request("days", "is required");
  return core::parse_integer("days", *days, core::kMinStaleDays, core::kMaxStaleDays);
}

http::Response preview(ApiContext& context, const http::Request& request,
                       const app::StaleOwner& owner) {
  const auto caller = authenticate(context, request);
  // The longest silent devices first, unless the caller sorts otherwise.
  const core::ListQuery query = list_query(request, store::kDeviceSortKeys, "last_contact");
  const std::int64_t days = days_param(request);
  return devices_response(app::preview_stale_devices(context.database, context.policies,
                                                     caller.actor, owner, days, query),
                          query, caller.user.language);
}

http::Response deactivate(ApiContext& context, const http::Request& request,
                          const app::StaleOwner& owner) {
  const auto caller = authenticate(context, request);
  const core::StaleDeactivation deactivation = core::parse_stale_deactivation(body_object(request));
  const auto result = app::deactivate_stale_devices(context.database, context.policies,
                                                    caller.actor, owner, deactivation);
  json::array results;
  for (const auto& item : result.results) results.push_back(bulk_item_json(item));
  return http::json_response(
      200, json::object{{"results", std::move(results)}, {"remaining", result.remaining}});
}

http::Response license_preview(ApiContext& context, const http::Request& request) {
  return preview(context, request, license_owner(request));
}
http::Response license_deactivate(ApiContext& context, const http::Request& request) {
  return deactivate(context, request, license_owner(request));
}
http::Response company_preview(ApiContext& context, const http::Request& request) {
  return preview(context, request, company_owner(request));
}
http::Response company_deactivate(ApiContext& context, const http::Request& request) {
  return deactivate(context, request, company_owner(request));
}

json::object rule_json(const core::StaleRule& rule) {
  return {{"enabled", rule.enabled}, {"days", rule.days}};
}

http::Response get_rule(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return http::json_response(200, rule_json(app::stale_rule(context.database, caller.actor,
                                                            id_param(request, "id", "company"))));
}

http::Response put_rule(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const core::StaleRule rule = core::parse_stale_rule(body_object(request));
  return http::json_response(
      200, rule_json(app::set_stale_rule(context.database, caller.actor,
                                         id_param(request, "id", "company"), rule)));
}

}  // namespace

void add_stale_device_routes(http::Router& router, ApiContext& context) {
  using M = http::Method;
  add_route(router, context, M::get, "/api/v1/licenses/{id}/stale-devices", license_preview);
  add_route(router, context, M::post, "/api/v1/licenses/{id}/stale-devices/deactivate",
            license_deactivate);
  add_route(router, context, M::get, "/api/v1/companies/{id}/stale-devices", company_preview);
  add_route(router, context, M::post, "/api/v1/companies/{id}/stale-devices/deactivate",
            company_deactivate);
  add_route(router, context, M::get, "/api/v1/companies/{id}/stale-rule", get_rule);
  add_route(router, context, M::put, "/api/v1/companies/{id}/stale-rule", put_rule);
}

}  // namespace keyward::api
