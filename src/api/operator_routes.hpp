#pragma once
// The operator's routes: POST /api/v1/licenses (issue), PATCH /api/v1/operator/licenses/{id}
// (seats, expiry), GET|PUT /api/v1/operator/client-version, GET|PUT /api/v1/operator/os-eol.

#include "api/api.hpp"

namespace keyward::api {

void add_operator_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
