#include "api/api.hpp"

#include "api/account_routes.hpp"
#include "api/agent_routes.hpp"
#include "api/group_routes.hpp"
#include "api/health_routes.hpp"
#include "api/installer_routes.hpp"
#include "api/openapi_routes.hpp"
#include "api/operator_routes.hpp"
#include "api/profile_routes.hpp"

namespace keyward::api {

void add_routes(http::Router& router, ApiContext& context) {
  add_health_routes(router, context.database, context.metrics);
  add_agent_routes(router, context);
  add_openapi_routes(router);
  add_account_routes(router, context);
  add_group_routes(router, context);
  add_profile_routes(router, context);
  add_operator_routes(router, context);
  add_installer_routes(router, context);
}

}  // namespace keyward::api
