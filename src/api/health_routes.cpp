#include "api/health_routes.hpp"

#include <boost/json.hpp>

namespace keyward::api {

void add_health_routes(http::Router& router, store::Database& database, http::Metrics& metrics) {
  router.add(http::Method::get, "/healthz", [](http::Request&) {
    return http::json_response(200, boost::json::object{{"status", "ok"}});
  });
  router.add(http::Method::get, "/readyz", [&database](http::Request&) {
    if (database.ping()) return http::json_response(200, boost::json::object{{"status", "ready"}});
    return http::error_response(503, "database_unavailable", "the database does not answer");
  });
  router.add(http::Method::get, "/metrics", [&metrics](http::Request&) {
    return http::text_response(200, metrics.render_prometheus(),
                               "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace keyward::api
