#pragma once
// /api/v1/licenses: the license list and information, "update license", notification
// recipients (and the public verification link), comments and the action log.

#include "api/api.hpp"
#include "http/router.hpp"

namespace keyward::api {

void add_license_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
