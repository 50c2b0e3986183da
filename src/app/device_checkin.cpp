#include "app/device_checkin.hpp"

#include "app/device_activation.hpp"
#include "app/device_evaluation.hpp"
#include "core/validation.hpp"
#include "store/action_log_store.hpp"
#include "store/device_command_store.hpp"
#include "store/device_store.hpp"
#include "store/profile_store.hpp"

namespace keyward::app {
namespace {

void apply_report(const CheckinRequest& request, core::UnixTime now, core::Device& device) {
  const core::CheckinReport& report = request.report;
  device.client_version = report.client_version.to_string();
  device.hostname = report.hostname;
  device.ip = report.ip.empty() ? request.peer_address : report.ip;
  device.domain = report.domain;
  device.os_name = report.os.name;
  device.os_version = report.os.version;
  device.os_build = report.os.build;
  device.infections = report.infections;
  device.realtime_on = report.realtime_on;
  device.updates_on = report.updates_on;
  // "Settings applied on <date>" is the day the device first reported this revision.
  if (report.settings_revision != device.settings_revision) {
    device.settings_applied_at =
        report.settings_revision > 0 ? std::optional<core::UnixTime>(now) : std::nullopt;
    device.settings_revision = report.settings_revision;
  }
  device.last_contact_at = now;
}

void record_command_results(store::Connection& connection, const core::Device& device,
                            const std::vector<core::CommandResult>& results, core::UnixTime now) {
  if (results.empty()) return;
  store::DeviceCommandStore commands(connection);
  store::ActionLogStore log(connection);
  for (const core::CommandResult& result : results) {
    const auto finished =
        commands.finish(device.id, result.command_id, result.ok, result.message, now);
    if (finished && finished->action_id) {
      log.update_status(*finished->action_id, finished->status, now, result.message);
    }
  }
}

std::vector<core::DeviceCommand> deliver_commands(store::Connection& connection,
                                                  const core::Device& device, core::UnixTime now) {
  auto commands = store::DeviceCommandStore(connection).deliver(device.id, now);
  store::ActionLogStore log(connection);
  for (const auto& command : commands) {
    // Commands delivered now (not re-deliveries) move their log entry to running.
    if (command.delivered_at == now && command.action_id) {
      log.update_status(*command.action_id, core::ActionStatus::running, std::nullopt, "");
    }
  }
  return commands;
}

}  // namespace

CheckinReply process_checkin(store::Connection& connection, const Policy& policy,
                             const CheckinRequest& request, core::UnixTime now,
                             core::OsEolMemo* memo) {
  store::DeviceStore devices(connection);
  auto context = devices.find_for_checkin(request.token_hash);
  if (!context) throw_unknown_device_token(connection, request.token_hash);
  core::Device& device = context->device;
  const core::Device before = device;
  const std::string& previous_hostname = before.hostname;
  apply_report(request, now, device);
  record_command_results(connection, device, request.report.command_results, now);
  const bool renamed = core::ascii_lower(previous_hostname) != core::ascii_lower(device.hostname);
  // With the same name, the stored "review" bit is current: peers that take or drop the name
  // update it (refresh_hostname_peers), so the hot path needs no query for it.
  const bool shared =
      renamed ? !devices.ids_with_hostname(device.license_id, device.hostname, device.id, 1).empty()
              : (device.status_flags & core::flag_of(core::FilterKey::review)) != 0;
  device.status_flags = stored_status_flags(
      evaluate_device(device, context->profile_revision, shared, policy, now, memo));
  devices.save_report(device, before);
  if (renamed) {
    refresh_hostname_peers(connection, policy, device.license_id, device.hostname, device.id, now);
    refresh_hostname_peers(connection, policy, device.license_id, previous_hostname, device.id,
                           now);
  }
  return CheckinReply{context->unfinished_commands > 0 ? deliver_commands(connection, device, now)
                                                       : std::vector<core::DeviceCommand>{},
                      context->profile_revision.value_or(0), policy.checkin_interval_s};
}

DeviceSettings settings_for_device(store::Database& database, const std::string& token_hash) {
  auto connection = database.acquire();
  const auto context = store::DeviceStore(*connection).find_for_checkin(token_hash);
  if (!context) throw_unknown_device_token(*connection, token_hash);
  const auto revision =
      store::ProfileStore(*connection).current_for_group(context->device.group_id);
  if (!revision) return {};
  return DeviceSettings{revision->revision, revision->settings};
}

}  // namespace keyward::app
