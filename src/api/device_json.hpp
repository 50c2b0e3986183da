#pragma once
// JSON shapes of devices, their statuses and commands, shared by the HTTP API and the CLI.

#include <boost/json/object.hpp>

#include "app/device_queries.hpp"
#include "core/entities.hpp"

namespace keyward::api {

boost::json::object device_json(const core::Device& device);
boost::json::object status_json(const core::DeviceStatus& status, core::Language language);
boost::json::object command_json(const core::DeviceCommand& command);
boost::json::object action_json(const core::ActionLogEntry& entry);
// Device, every current status, the worst per category, commands and action log.
boost::json::object device_details_json(const app::DeviceDetails& details,
                                        core::Language language);

}  // namespace keyward::api
