#pragma once
// Users (admins only): GET|POST /api/v1/users, GET|PATCH|DELETE /api/v1/users/{id}.

#include "api/api.hpp"

namespace keyward::api {

void add_user_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
