#pragma once
// The read-only dashboard link: GET|POST|DELETE /api/v1/me/dashboard-link for its owner, and
// the public GET /api/v1/shared-dashboard/{token} that the link opens.

#include "api/api.hpp"

namespace keyward::api {

void add_dashboard_link_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
