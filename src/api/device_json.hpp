#pragma once
// JSON shapes of devices, their statuses and commands, shared by the HTTP API and the CLI.

#include <boost/json/object.hpp>

#include "app/device_bulk.hpp"
#include "app/device_list.hpp"
#include "app/device_queries.hpp"
#include "core/entities.hpp"

namespace keyward::api {

boost::json::object device_json(const core::Device& device);
boost::json::object status_json(const core::DeviceStatus& status, core::Language language);
boost::json::object command_json(const core::DeviceCommand& command);
boost::json::object action_json(const core::ActionLogEntry& entry);
// Device with group and license, every current status, the worst per category, its
// commands (all, and the open ones: outstanding or running) and its recent action log.
boost::json::object device_details_json(const app::DeviceDetails& details,
                                        core::Language language);
// A row of the device lists: the columns of the devices table and the worst status per
// category.
boost::json::object device_list_item_json(const app::DeviceListItem& item, core::Language language);

// One device's result of a bulk action: {device_id, ok, error?: {code, message}}.
boost::json::object bulk_item_json(const app::BulkItemResult& result);

}  // namespace keyward::api
