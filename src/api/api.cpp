#include "api/api.hpp"

#include "api/health_routes.hpp"

namespace keyward::api {

void add_routes(http::Router& router, ApiContext& context) {
  add_health_routes(router, context.database, context.metrics);
}

}  // namespace keyward::api
