#include "api/dashboard_link_routes.hpp"

#include <boost/json.hpp>

#include "api/account_json.hpp"
#include "api/portal.hpp"
#include "app/dashboard_links.hpp"
#include "core/time_format.hpp"

namespace keyward::api {
namespace {

boost::json::object link_json(const store::DashboardLink& link) {
  return {{"active", true},
          {"created_at", core::format_timestamp(link.created_at)},
          {"last_used_at", optional_timestamp(link.last_used_at)}};
}

http::Response get_link(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const auto link = app::dashboard_link_of(context.database, caller);
  // The URL itself is not kept (only its hash): it is shown once, when it is made.
  return http::json_response(200, link ? link_json(*link) : boost::json::object{{"active", false}});
}

http::Response create_link(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const app::NewDashboardLink created =
      app::create_dashboard_link(context.database, caller, context.config.public_url, app::now());
  boost::json::object body = link_json(created.link);
  body["url"] = created.url;
  body["qr_svg"] = created.qr_svg;
  return http::json_response(201, body);
}

http::Response revoke_link(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::revoke_dashboard_link(context.database, caller, app::now());
  return no_content();
}

boost::json::object summary_json(const store::ScopeSummary& summary) {
  boost::json::object by_status;
  for (const auto& [key, count] : summary.devices_by_status) {
    by_status[core::to_string(key)] = count;
  }
  return {{"devices", {{"total", summary.devices}, {"by_status", std::move(by_status)}}},
          {"licenses",
           {{"total", summary.licenses},
            {"expired", summary.licenses_expired},
            {"expiring_30_days", summary.licenses_expiring}}}};
}

// Public: the token in the path is the credential.
http::Response shared_dashboard(ApiContext& context, const http::Request& request) {
  const app::SharedDashboard dashboard = app::shared_dashboard(
      context.database, context.policies, request.path_param("token"), app::now());
  boost::json::object body = summary_json(dashboard.summary);
  body["company"] = {{"name", dashboard.company.name},
                     {"kind", core::to_string(dashboard.company.kind)}};
  body["generated_at"] = core::format_timestamp(app::now());
  return http::json_response(200, body);
}

}  // namespace

void add_dashboard_link_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/me/dashboard-link", get_link);
  add_route(router, context, http::Method::post, "/api/v1/me/dashboard-link", create_link);
  add_route(router, context, http::Method::del, "/api/v1/me/dashboard-link", revoke_link);
  add_route(router, context, http::Method::get, "/api/v1/shared-dashboard/{token}",
            shared_dashboard);
}

}  // namespace keyward::api
