#include "api/operator_routes.hpp"

#include <boost/json.hpp>
#include <limits>

#include "api/portal.hpp"
#include "app/licenses.hpp"
#include "app/operator_tasks.hpp"
#include "core/json_input.hpp"
#include "core/license_terms.hpp"
#include "core/os_eol.hpp"
#include "core/time_format.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
// For numbers whose range the use case checks (it names the rule in its message).
constexpr std::int64_t kMinAny = std::numeric_limits<std::int64_t>::min();

json::object license_json(const core::License& license, core::UnixTime now) {
  return {
      {"id", license.id},
      {"key", license.key},
      {"name", license.name},
      {"type", core::to_string(license.type)},
      {"customer_id", license.customer_id},
      {"reseller_id", license.reseller_id},
      {"main_group_id",
       license.main_group_id ? json::value(*license.main_group_id) : json::value(nullptr)},
      {"activations",
       {{"used", license.seats_used},
        {"total", license.seats_total ? json::value(*license.seats_total) : json::value(nullptr)}}},
      {"expires_at", core::format_timestamp(license.expires_at)},
      {"expired", core::is_expired(license.expires_at, now)}};
}

// The answer to a policy change: the refresh runs in the background.
json::object with_refresh_started(json::object answer) {
  answer["status_refresh"] = "started";
  return answer;
}

http::Response issue(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const json::object fields = json_body(request, {"customer_id", "type", "seats", "years", "name"});
  const std::string type = core::optional_text(fields, "type", 16, "purchase");
  const app::LicenseOrder order{
      .customer_reference =
          std::to_string(core::required_integer(fields, "customer_id", 1, kMaxId)),
      .seats = core::optional_integer(fields, "seats", kMinAny, kMaxId).value_or(0),
      .years = core::required_integer(fields, "years", kMinAny, kMaxId),
      .type = type,
      .name = core::optional_text(fields, "name", 200)};
  const app::IssuedLicense issued = app::issue_license(context.database, caller.actor, order);
  return http::json_response(201, license_json(issued.license, app::now()));
}

http::Response change_terms(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t license_id = id_param(request, "id", "license");
  const json::object fields = json_body(request, {"seats_total", "expires_at"});
  app::LicenseTermsChange change;
  change.seats_total = core::optional_integer(fields, "seats_total", kMinAny, kMaxId);
  if (fields.contains("expires_at")) {
    change.expires_at =
        core::parse_expiry("expires_at", core::required_text(fields, "expires_at", 1, 40));
  }
  const core::License license =
      app::change_license_terms(context.database, caller.actor, license_id, change);
  return http::json_response(200, license_json(license, app::now()));
}

http::Response client_version(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const auto version = app::current_client_version(context.database, caller.actor);
  return http::json_response(
      200, json::object{
               {"version", version ? json::value(version->to_string()) : json::value(nullptr)}});
}

http::Response publish_client_version(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const json::object fields = json_body(request, {"version"});
  const core::Version version =
      core::Version::parse(core::required_text(fields, "version", 1, 64), "version");
  app::publish_client_version(context.database, caller.actor, version,
                              context.refresh_status_flags);
  return http::json_response(200, with_refresh_started({{"version", version.to_string()}}));
}

http::Response os_eol(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(
      200, core::os_eol_calendar_to_json(app::os_eol_calendar(context.database, caller.actor)));
}

http::Response set_os_eol(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::OsEolCalendar calendar = core::os_eol_calendar_from_json(request.json());
  app::set_os_eol_calendar(context.database, caller.actor, calendar, context.refresh_status_flags);
  json::value stored = core::os_eol_calendar_to_json(calendar);
  return http::json_response(200, with_refresh_started(std::move(stored.as_object())));
}

}  // namespace

void add_operator_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::post, "/api/v1/licenses", issue);
  add_route(router, context, http::Method::patch, "/api/v1/operator/licenses/{id}", change_terms);
  add_route(router, context, http::Method::get, "/api/v1/operator/client-version", client_version);
  add_route(router, context, http::Method::put, "/api/v1/operator/client-version",
            publish_client_version);
  add_route(router, context, http::Method::get, "/api/v1/operator/os-eol", os_eol);
  add_route(router, context, http::Method::put, "/api/v1/operator/os-eol", set_os_eol);
}

}  // namespace keyward::api
