#pragma once
// Device groups: GET /api/v1/licenses/{id}/groups (the tree), POST /api/v1/groups,
// GET|PATCH|DELETE /api/v1/groups/{id}, PUT|DELETE /api/v1/groups/{id}/profile.

#include "api/api.hpp"

namespace keyward::api {

void add_group_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
