#pragma once
// GET /api/v1/openapi.yaml: the API description.

#include "http/router.hpp"

namespace keyward::api {

void add_openapi_routes(http::Router& router);

}  // namespace keyward::api
