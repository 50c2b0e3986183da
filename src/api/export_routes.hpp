#pragma once
// /api/v1/exports: asking for an export of the licenses table or a device list, following
// it, and fetching the file (its owner only).

#include "api/api.hpp"
#include "http/router.hpp"

namespace keyward::api {

void add_export_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
