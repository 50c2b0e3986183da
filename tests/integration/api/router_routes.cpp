#include "router_routes.hpp"

#include "api/api.hpp"
#include "app/checkin_batcher.hpp"
#include "app/policy.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {

std::set<std::string> router_routes() {
  TempDir dir;
  auto database = store::Database::open("sqlite:" + (dir / "routes.db").string());
  store::migrate(*database);
  http::Metrics metrics;
  app::PolicyCache policies;
  app::CheckinBatcher checkins(*database, policies);
  api::ApiContext context{*database, metrics, {"http://localhost", std::nullopt}, policies,
                          checkins};
  http::Router router;
  api::add_routes(router, context);
  std::set<std::string> routes;
  for (const auto& [method, pattern] : router.routes()) {
    routes.insert(std::string(http::method_name(method)) + " " + pattern);
  }
  return routes;
}

std::set<std::string> portal_routes() {
  std::set<std::string> portal;
  for (const auto& route : router_routes()) {
    if (route.find(" /api/v1/") != std::string::npos) portal.insert(route);
  }
  return portal;
}

}  // namespace keyward::test
