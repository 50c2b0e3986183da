#include "app/device_commands.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "app/activation_events.hpp"
#include "app/device_evaluation.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "core/profile_settings.hpp"
#include "store/action_log_store.hpp"
#include "store/device_command_store.hpp"
#include "store/device_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"

namespace keyward::app {
namespace {

void require_known_type(const std::string& type) {
  for (const char* known : {"activate", "deactivate", "apply_settings", "scan"}) {
    if (type == known) return;
  }
  throw core::invalid_request("type", "must be activate, deactivate, apply_settings or scan");
}

core::Error conflict(const std::string& code, const std::string& message) {
  return core::Error(core::ErrorKind::conflict, code, message);
}

// Changes the device and the seat count as the command demands and returns its payload.
boost::json::object prepare(store::Connection& connection, const CommandRequest& request,
                            const core::Device& device, core::UnixTime now) {
  store::DeviceStore devices(connection);
  store::LicenseStore licenses(connection);
  if (request.type == "deactivate") {
    if (!device.active) throw conflict("device_inactive", "the device is already deactivated");
    devices.set_active(device.id, false, now);
    licenses.release_seat(device.license_id);
    activation_freed(connection, device.license_id, device, now);
    return {};
  }
  if (request.type == "activate") {
    if (device.active) throw conflict("device_active", "the device is already active");
    if (!licenses.try_take_seat(device.license_id)) {
      throw conflict("no_free_activations", "all activations of the license are in use");
    }
    devices.set_active(device.id, true, std::nullopt);
    activation_taken(connection, device.license_id, device, now);
    return {};
  }
  if (request.type == "apply_settings") {
    const auto revision = store::ProfileStore(connection).current_for_group(device.group_id);
    if (!revision) {
      throw conflict("profile_missing", "the device's group has no configuration profile");
    }
    return apply_settings_payload(*revision);
  }
  if (!core::parse_scan_type(request.scan_type)) {
    throw core::invalid_request("scan_type",
                                "must be quick, system_partition, complete or removable_media");
  }
  return {{"scan_type", request.scan_type}};
}

}  // namespace

core::DeviceCommand queue_device_command(store::Database& database, PolicyCache& policies,
                                         const Actor& actor, const CommandRequest& request) {
  require_known_type(request.type);
  require_change_rights(actor, "send commands");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  store::Transaction transaction(*connection);
  const auto device = store::DeviceStore(*connection).find(actor.scope, request.device_id);
  if (!device) throw core::not_found("device");
  const auto license = store::LicenseStore(*connection).find(actor.scope, device->license_id);
  if (!license) throw core::not_found("device");
  core::require_unexpired(license->expires_at, at);
  if (request.unless_seen_since && device->last_contact_at >= *request.unless_seen_since) {
    throw conflict("device_not_stale", "the device was in contact since the stale threshold");
  }
  const boost::json::object payload = prepare(*connection, request, *device, at);
  const core::DeviceCommand command =
      queue_prepared_command(*connection, actor, *device, request.type, payload, at);
  refresh_status_flags(*connection, *policy, device->id, at);
  transaction.commit();
  return command;
}

boost::json::object apply_settings_payload(const core::ProfileRevision& revision) {
  return {{"revision", revision.revision}, {"settings", boost::json::parse(revision.settings)}};
}

core::DeviceCommand queue_prepared_command(store::Connection& connection, const Actor& actor,
                                           const core::Device& device, const std::string& type,
                                           const boost::json::object& payload, core::UnixTime at) {
  store::ActionLogStore log(connection);
  core::ActionLogEntry entry;
  entry.company_id = device.customer_id;
  entry.reseller_id = device.reseller_id;
  entry.license_id = device.license_id;
  entry.device_id = device.id;
  entry.action = "device." + type;
  entry.status = core::ActionStatus::created;
  entry.user_id = actor.user_id;
  entry.actor = actor.name;
  entry.started_at = at;
  entry.details = boost::json::serialize(boost::json::object{{"type", type}});
  entry = log.append(entry);

  core::DeviceCommand command;
  command.device_id = device.id;
  command.type = type;
  command.payload = boost::json::serialize(payload);
  command.status = core::ActionStatus::outstanding;
  command.action_id = entry.id;
  command.created_at = at;
  command.queued_at = at;
  command = store::DeviceCommandStore(connection).queue(command);
  log.update_status(entry.id, core::ActionStatus::outstanding, at, std::nullopt, "");
  return command;
}

std::int64_t abort_overdue_commands(store::Database& database, const Policy& policy,
                                    core::UnixTime now) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto aborted = store::DeviceCommandStore(*connection)
                           .abort_overdue(now - policy.command_queue_timeout_s,
                                          now - policy.command_ack_timeout_s, now);
  store::ActionLogStore log(*connection);
  for (const auto& command : aborted) {
    if (command.action_id) {
      log.update_status(*command.action_id, core::ActionStatus::aborted, now, now, command.message);
    }
  }
  transaction.commit();
  return static_cast<std::int64_t>(aborted.size());
}

}  // namespace keyward::app
