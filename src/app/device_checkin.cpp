#include "app/device_checkin.hpp"

#include <algorithm>
#include <span>
#include <string_view>

#include "app/device_activation.hpp"
#include "app/events.hpp"
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
      log.update_status(*finished->action_id, finished->status, now, now, result.message);
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
      log.update_status(*command.action_id, core::ActionStatus::running, now, std::nullopt, "");
    }
  }
  return commands;
}

bool is_rename(const std::string& previous_hostname, const std::string& hostname) {
  return !core::ascii_equal_ignoring_case(previous_hostname, hostname);
}

// With the same name, the stored "review" bit is current: peers that take or drop the name
// update it (refresh_hostname_peers), so the hot path needs no query for it.
bool has_review_flag(const core::Device& device) {
  return (device.status_flags & core::flag_of(core::FilterKey::review)) != 0;
}

// The device as the report leaves it, its status flags evaluated; `shared`: whether another
// device of the license has the reported host name.
core::Device reported_device(const store::CheckinContext& context, const CheckinRequest& request,
                             bool shared, const Policy& policy, core::UnixTime now,
                             core::OsEolMemo* memo) {
  core::Device device = context.device;
  apply_report(request, now, device);
  device.status_flags = stored_status_flags(
      evaluate_device(device, context.profile_revision, shared, policy, now, memo));
  return device;
}

// The usual check-in: no command results to record, no commands to deliver and the same host
// name (a new one re-evaluates the devices that share the old or the new name).
bool only_changes_its_row(const store::CheckinContext& context, const CheckinRequest& request) {
  return request.report.command_results.empty() && !context.has_unfinished_commands &&
         !is_rename(context.device.hostname, request.report.hostname);
}

// True at the positions whose device has a check-in earlier in the batch.
std::vector<bool> repeated_devices(
    const std::vector<std::optional<store::CheckinContext>>& contexts) {
  std::vector<std::pair<core::Id, std::size_t>> positions;
  positions.reserve(contexts.size());
  for (std::size_t i = 0; i < contexts.size(); ++i) {
    if (contexts[i]) positions.emplace_back(contexts[i]->device.id, i);
  }
  std::sort(positions.begin(), positions.end());
  std::vector<bool> repeated(contexts.size(), false);
  for (std::size_t k = 1; k < positions.size(); ++k) {
    if (positions[k].first == positions[k - 1].first) repeated[positions[k].second] = true;
  }
  return repeated;
}

// A renamed device re-evaluated the devices of its license that have its old or new host name:
// their rows as read for the batch are out of date, so they run on their own.
void forget_hostname_peers(std::span<std::optional<store::CheckinContext>> contexts,
                           const core::Device& renamed, const std::string& new_hostname) {
  for (auto& context : contexts) {
    if (!context || context->device.license_id != renamed.license_id) continue;
    const std::string& hostname = context->device.hostname;
    if (core::ascii_equal_ignoring_case(hostname, renamed.hostname) ||
        core::ascii_equal_ignoring_case(hostname, new_hostname)) {
      context.reset();
    }
  }
}

// A device that reported no infections before and does now (SPEC.md §2 Device, status 30).
// The check-in holds the device as it was, so telling costs nothing for the others.
bool newly_infected(const core::Device& before, const CheckinRequest& request) {
  return before.infections == 0 && request.report.infections > 0;
}

// The infection event of `device` as its report left it, in the check-in's transaction.
void report_infection(EventDispatcher& events, const core::Device& device, core::UnixTime now) {
  const auto license = events.license(device.license_id);
  if (!license) return;
  core::Event event = events.device_event(core::EventType::infection, *license, device, now);
  event.data["infections"] = device.infections;
  events.dispatch(event, &device);
}

// process_checkin for a device as read before, in this transaction.
CheckinReply checkin_with(store::Connection& connection, const Policy& policy,
                          const store::CheckinContext& context, const CheckinRequest& request,
                          core::UnixTime now, core::OsEolMemo* memo) {
  store::DeviceStore devices(connection);
  const core::Device& before = context.device;
  record_command_results(connection, before, request.report.command_results, now);
  const bool renamed = is_rename(before.hostname, request.report.hostname);
  // The devices that have the new name share it from now on: they decide the device's own
  // review flag, and one that had the name alone is re-evaluated after it is stored.
  const std::vector<core::Id> new_peers =
      renamed ? devices.ids_with_hostname(before.license_id, request.report.hostname, before.id, 2)
              : std::vector<core::Id>{};
  const bool shared = renamed ? !new_peers.empty() : has_review_flag(before);
  const core::Device device = reported_device(context, request, shared, policy, now, memo);
  devices.save_report(device, before);
  if (newly_infected(before, request)) {
    EventDispatcher events(connection);
    report_infection(events, device, now);
  }
  if (renamed) {
    if (new_peers.size() == 1) refresh_status_flags(connection, policy, new_peers.front(), now);
    refresh_hostname_peers(connection, policy, device.license_id, before.hostname, device.id, now);
  }
  return CheckinReply{context.has_unfinished_commands ? deliver_commands(connection, device, now)
                                                      : std::vector<core::DeviceCommand>{},
                      context.profile_revision.value_or(0), policy.checkin_interval_s};
}

}  // namespace

CheckinReply process_checkin(store::Connection& connection, const Policy& policy,
                             const CheckinRequest& request, core::UnixTime now,
                             core::OsEolMemo* memo) {
  const auto context = store::DeviceStore(connection).find_for_checkin(request.token_hash);
  if (!context) throw_unknown_device_token(connection, request.token_hash);
  return checkin_with(connection, policy, *context, request, now, memo);
}

std::vector<CheckinOutcome> process_checkins(store::Connection& connection, const Policy& policy,
                                             const std::vector<const CheckinRequest*>& requests,
                                             core::UnixTime now, core::OsEolMemo* memo) {
  store::DeviceStore devices(connection);
  std::vector<std::string_view> token_hashes;
  token_hashes.reserve(requests.size());
  for (const CheckinRequest* request : requests) token_hashes.push_back(request->token_hash);
  auto contexts = devices.find_for_checkins(token_hashes);
  const std::vector<bool> repeated = repeated_devices(contexts);
  std::vector<store::ReportChange> unsaved;
  unsaved.reserve(requests.size());
  std::vector<CheckinOutcome> outcomes;
  outcomes.reserve(requests.size());
  std::vector<core::Device> infected;  // rare: their events follow the batch's writes
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const CheckinRequest& request = *requests[i];
    auto& context = contexts[i];
    // A device's second check-in in the batch must see its first one: it runs on its own.
    if (context && !repeated[i] && only_changes_its_row(*context, request)) {
      core::Device device =
          reported_device(*context, request, has_review_flag(context->device), policy, now, memo);
      outcomes.emplace_back(
          CheckinReply{{}, context->profile_revision.value_or(0), policy.checkin_interval_s});
      if (newly_infected(context->device, request)) infected.push_back(device);
      unsaved.push_back({std::move(device), std::move(context->device)});
      context.reset();
      continue;
    }
    // Anything else runs as it would alone, after the writes of the check-ins before it.
    devices.save_reports(unsaved);
    unsaved.clear();
    try {
      // The row read for the batch is current unless the device came before or a rename
      // dropped it.
      outcomes.emplace_back(context && !repeated[i]
                                ? checkin_with(connection, policy, *context, request, now, memo)
                                : process_checkin(connection, policy, request, now, memo));
    } catch (const store::DbError&) {
      throw;
    } catch (...) {
      // Refusals (unknown token, deleted device) write nothing.
      outcomes.emplace_back(std::current_exception());
      continue;
    }
    if (context && is_rename(context->device.hostname, request.report.hostname)) {
      forget_hostname_peers(std::span(contexts).subspan(i + 1), context->device,
                            request.report.hostname);
    }
  }
  devices.save_reports(unsaved);
  if (!infected.empty()) {
    // One dispatcher for the batch: each license's audience is read once.
    EventDispatcher events(connection);
    for (const core::Device& device : infected) report_infection(events, device, now);
  }
  return outcomes;
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
