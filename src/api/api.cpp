#include "api/api.hpp"

#include "api/agent_routes.hpp"
#include "api/health_routes.hpp"

namespace keyward::api {

void add_routes(http::Router& router, ApiContext& context) {
  add_health_routes(router, context.database, context.metrics);
  add_agent_routes(router, context);
}

}  // namespace keyward::api
