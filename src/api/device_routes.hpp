#pragma once
// /api/v1/devices and /api/v1/licenses/{id}/devices: the device lists, device information,
// editing a device and the bulk actions.

#include "api/api.hpp"
#include "http/router.hpp"

namespace keyward::api {

void add_device_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
