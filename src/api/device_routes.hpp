#pragma once
// /api/v1/devices and /api/v1/licenses/{id}/devices: the device lists, device information,
// editing a device and the bulk actions.

#include "api/api.hpp"
#include "app/device_list.hpp"
#include "core/list_query.hpp"
#include "http/router.hpp"

namespace keyward::api {

// A page of a device list in the list response convention, statuses in `language`.
http::Response devices_response(const core::Page<app::DeviceListItem>& page,
                                const core::ListQuery& query, core::Language language);

void add_device_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
