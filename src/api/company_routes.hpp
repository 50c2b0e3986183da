#pragma once
// Companies: GET|POST /api/v1/companies, GET|PATCH /api/v1/companies/{id}.

#include "api/api.hpp"

namespace keyward::api {

void add_company_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
