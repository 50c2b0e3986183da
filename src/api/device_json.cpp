#include "api/device_json.hpp"

#include <boost/json/parse.hpp>

#include "api/json_values.hpp"
#include "core/status_messages.hpp"
#include "core/time_format.hpp"

namespace keyward::api {
namespace {

boost::json::array statuses_json(const std::vector<core::DeviceStatus>& statuses,
                                 core::Language language) {
  boost::json::array array;
  for (const auto& status : statuses) array.push_back(status_json(status, language));
  return array;
}

boost::json::object named(core::Id id, const std::string& name) {
  return {{"id", id}, {"name", name}};
}

boost::json::object os_json(const core::Device& device) {
  return {{"name", device.os_name}, {"version", device.os_version}, {"build", device.os_build}};
}

bool is_open(const core::DeviceCommand& command) {
  return command.status == core::ActionStatus::outstanding ||
         command.status == core::ActionStatus::running;
}

}  // namespace

boost::json::object device_json(const core::Device& device) {
  return {{"id", device.id},
          {"license_id", device.license_id},
          {"group_id", device.group_id},
          {"machine_id", device.machine_id},
          {"hostname", device.hostname},
          {"description", device.description},
          {"ip", device.ip},
          {"domain", device.domain},
          {"os", os_json(device)},
          {"client_version", device.client_version},
          {"infections", device.infections},
          {"protection", {{"realtime", device.realtime_on}, {"updates", device.updates_on}}},
          {"settings_revision", device.settings_revision},
          {"settings_applied_at", time_or_null(device.settings_applied_at)},
          {"muted", core::to_string(device.muted)},
          {"muted_categories", boost::json::parse(device.muted_categories)},
          {"active", device.active},
          {"deactivated_at", time_or_null(device.deactivated_at)},
          {"first_contact_at", core::format_timestamp(device.first_contact_at)},
          {"last_contact_at", core::format_timestamp(device.last_contact_at)}};
}

boost::json::object status_json(const core::DeviceStatus& status, core::Language language) {
  const core::StatusText text = core::status_text(status, language);
  return {{"category", core::to_string(status.category)},
          {"code", status.code},
          {"key", status.key ? boost::json::value(core::to_string(*status.key))
                             : boost::json::value(nullptr)},
          {"message", text.message},
          {"explanation", text.explanation},
          {"action", text.action}};
}

boost::json::object command_json(const core::DeviceCommand& command) {
  return {{"id", command.id},
          {"type", command.type},
          {"status", core::to_string(command.status)},
          {"payload", boost::json::parse(command.payload)},
          {"created_at", core::format_timestamp(command.created_at)},
          {"queued_at", time_or_null(command.queued_at)},
          {"delivered_at", time_or_null(command.delivered_at)},
          {"completed_at", time_or_null(command.completed_at)},
          {"message", command.message}};
}

boost::json::object action_json(const core::ActionLogEntry& entry) {
  boost::json::array timeline;
  for (const core::ActionTransition& step : entry.timeline) {
    timeline.push_back(boost::json::object{{"status", core::to_string(step.status)},
                                           {"at", core::format_timestamp(step.at)}});
  }
  return {{"id", entry.id},
          {"license_id", entry.license_id ? boost::json::value(*entry.license_id)
                                          : boost::json::value(nullptr)},
          {"device_id", entry.device_id ? boost::json::value(*entry.device_id)
                                        : boost::json::value(nullptr)},
          {"action", entry.action},
          {"status", core::to_string(entry.status)},
          {"client_message", entry.client_message},
          {"user", entry.actor},
          {"started_at", core::format_timestamp(entry.started_at)},
          {"ended_at", time_or_null(entry.ended_at)},
          {"timeline", std::move(timeline)}};
}

boost::json::object device_details_json(const app::DeviceDetails& details,
                                        core::Language language) {
  boost::json::object json = device_json(details.device);
  json["group"] = named(details.device.group_id, details.group_name);
  json["license"] = named(details.device.license_id, details.license_name);
  json["statuses"] = statuses_json(details.status.statuses, language);
  json["worst_statuses"] = statuses_json(details.status.worst_per_category, language);
  boost::json::array commands;
  boost::json::array open_commands;
  for (const auto& command : details.commands) {
    commands.push_back(command_json(command));
    if (is_open(command)) open_commands.push_back(command_json(command));
  }
  json["commands"] = std::move(commands);
  json["open_commands"] = std::move(open_commands);
  boost::json::array actions;
  for (const auto& entry : details.actions) actions.push_back(action_json(entry));
  json["actions"] = std::move(actions);
  return json;
}

boost::json::object device_list_item_json(const app::DeviceListItem& item,
                                          core::Language language) {
  const core::Device& device = item.view.device;
  return {{"id", device.id},
          {"hostname", device.hostname},
          {"description", device.description},
          {"group", named(device.group_id, item.view.group_name)},
          {"license", named(device.license_id, item.view.license_name)},
          {"customer", named(device.customer_id, item.view.customer_name)},
          {"ip", device.ip},
          {"domain", device.domain},
          {"os", os_json(device)},
          {"client_version", device.client_version},
          {"infections", device.infections},
          {"active", device.active},
          {"last_contact_at", core::format_timestamp(device.last_contact_at)},
          {"worst_statuses", statuses_json(item.status.worst_per_category, language)}};
}

boost::json::object bulk_item_json(const app::BulkItemResult& result) {
  boost::json::object item{{"device_id", result.device_id}, {"ok", !result.error}};
  if (result.error) {
    item["error"] = {{"code", result.error->code()}, {"message", result.error->what()}};
  }
  return item;
}

}  // namespace keyward::api
