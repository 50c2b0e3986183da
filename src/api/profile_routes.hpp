#pragma once
// Configuration profiles: GET|POST /api/v1/profiles, GET|PUT|DELETE /api/v1/profiles/{id},
// POST /api/v1/profiles/{id}/clone, POST /api/v1/profiles/{id}/transmit.

#include "api/api.hpp"

namespace keyward::api {

void add_profile_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
