#pragma once
// /api/v1/dashboard: the signed-in user's dashboard.

#include "api/api.hpp"
#include "http/router.hpp"

namespace keyward::api {

void add_dashboard_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
