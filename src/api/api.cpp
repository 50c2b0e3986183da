#include "api/api.hpp"

#include "api/account_routes.hpp"
#include "api/agent_routes.hpp"
#include "api/group_routes.hpp"
#include "api/dashboard_routes.hpp"
#include "api/device_routes.hpp"
#include "api/export_routes.hpp"
#include "api/company_routes.hpp"
#include "api/dashboard_link_routes.hpp"
#include "api/health_routes.hpp"
#include "api/license_routes.hpp"
#include "api/installer_routes.hpp"
#include "api/openapi_routes.hpp"
#include "api/operator_routes.hpp"
#include "api/profile_routes.hpp"
#include "api/session_routes.hpp"
#include "api/stale_device_routes.hpp"
#include "api/two_factor_routes.hpp"
#include "api/user_routes.hpp"
#include "api/webhook_routes.hpp"

namespace keyward::api {

void add_routes(http::Router& router, ApiContext& context) {
  add_health_routes(router, context.database, context.metrics);
  add_agent_routes(router, context);
  add_openapi_routes(router);
  add_account_routes(router, context);
  add_group_routes(router, context);
  add_profile_routes(router, context);
  add_operator_routes(router, context);
  add_license_routes(router, context);
  add_device_routes(router, context);
  add_dashboard_routes(router, context);
  add_session_routes(router, context);
  add_two_factor_routes(router, context);
  add_dashboard_link_routes(router, context);
  add_company_routes(router, context);
  add_user_routes(router, context);
  add_installer_routes(router, context);
  add_export_routes(router, context);
  add_stale_device_routes(router, context);
  add_webhook_routes(router, context);
}

}  // namespace keyward::api
