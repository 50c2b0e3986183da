#pragma once
// Stale-device cleanup: /api/v1/licenses/{id}/stale-devices and
// /api/v1/companies/{id}/stale-devices (preview, deactivate), and a company's automatic rule
// /api/v1/companies/{id}/stale-rule.

#include "api/api.hpp"
#include "http/router.hpp"

namespace keyward::api {

void add_stale_device_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
