#pragma once
// TOTP of the signed-in user: POST /api/v1/me/totp (enrol), /me/totp/verify (enable),
// /me/totp/disable.

#include "api/api.hpp"

namespace keyward::api {

void add_two_factor_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
