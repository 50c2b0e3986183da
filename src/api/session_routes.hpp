#pragma once
// Browser sign-in: POST|GET|DELETE /api/v1/session, and the public POST /api/v1/password/set
// of the invitation link.

#include "api/api.hpp"

namespace keyward::api {

void add_session_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
