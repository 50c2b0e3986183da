#pragma once
// The signed-in user's own account: GET /api/v1/me, password, preferences, API tokens.

#include "api/api.hpp"

namespace keyward::api {

void add_account_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
