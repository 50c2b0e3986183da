#include "app/device_evaluation.hpp"

#include "core/tenant.hpp"
#include "store/device_store.hpp"

namespace keyward::app {
namespace {

constexpr std::int64_t kEvaluationBatch = 1000;

core::DeviceFacts facts_of(const core::Device& device, bool hostname_shared) {
  core::DeviceFacts facts;
  facts.active = device.active;
  facts.deactivated_at = device.deactivated_at;
  facts.last_contact_at = device.last_contact_at;
  facts.infections = device.infections;
  facts.client_version = device.client_version;
  facts.realtime_on = device.realtime_on;
  facts.updates_on = device.updates_on;
  facts.os = {device.os_name, device.os_version, device.os_build};
  // Revision 0 is what a client reports before it ever received settings.
  if (device.settings_revision > 0) facts.applied_settings_revision = device.settings_revision;
  facts.settings_applied_at = device.settings_applied_at;
  facts.muted = device.muted;
  facts.hostname_shared_in_license = hostname_shared;
  return facts;
}

bool hostname_shared(store::DeviceStore& devices, const core::Device& device) {
  return devices.count_same_hostname(device.license_id, device.hostname, device.id) > 0;
}

}  // namespace

core::StatusReport evaluate_device(const core::Device& device,
                                   std::optional<std::int64_t> profile_revision,
                                   bool shared_hostname, const Policy& policy, core::UnixTime now,
                                   core::OsEolMemo* memo) {
  return core::compute_device_status(facts_of(device, shared_hostname),
                                     core::GroupFacts{profile_revision}, policy.status, now, memo);
}

std::int64_t stored_status_flags(const core::StatusReport& report) {
  return static_cast<std::int64_t>(report.flags & ~core::flag_of(core::FilterKey::unknown));
}

void refresh_status_flags(store::Connection& connection, const Policy& policy, core::Id device_id,
                          core::UnixTime now) {
  store::DeviceStore devices(connection);
  const auto context = devices.find_for_evaluation(device_id);
  if (!context) return;
  const auto report = evaluate_device(context->device, context->profile_revision,
                                      hostname_shared(devices, context->device), policy, now);
  devices.set_status_flags(device_id, stored_status_flags(report));
}

std::optional<core::Id> lone_hostname_peer(store::DeviceStore& devices, core::Id license_id,
                                           const std::string& hostname,
                                           core::Id except_device_id) {
  const auto peers = devices.ids_with_hostname(license_id, hostname, except_device_id, 2);
  if (peers.size() != 1) return std::nullopt;
  return peers.front();
}

void refresh_hostname_peers(store::Connection& connection, const Policy& policy,
                            core::Id license_id, const std::string& hostname,
                            core::Id except_device_id, core::UnixTime now) {
  store::DeviceStore devices(connection);
  if (const auto peer = lone_hostname_peer(devices, license_id, hostname, except_device_id)) {
    refresh_status_flags(connection, policy, *peer, now);
  }
}

namespace {

// Evaluates one page of devices and writes the flags that changed.
void refresh_page(store::DeviceStore& devices, const std::vector<store::CheckinContext>& page,
                  const Policy& policy, core::UnixTime now) {
  for (const auto& context : page) {
    const auto report = evaluate_device(context.device, context.profile_revision,
                                        hostname_shared(devices, context.device), policy, now);
    const std::int64_t flags = stored_status_flags(report);
    if (flags != context.device.status_flags) devices.set_status_flags(context.device.id, flags);
  }
}

}  // namespace

std::int64_t refresh_selected_status_flags(store::Connection& connection, const Policy& policy,
                                           const store::EvaluationFilter& filter,
                                           core::UnixTime now) {
  store::DeviceStore devices(connection);
  std::int64_t evaluated = 0;
  for (core::Id after = 0;;) {
    const auto page = devices.page_for_evaluation(after, kEvaluationBatch, filter);
    refresh_page(devices, page, policy, now);
    evaluated += static_cast<std::int64_t>(page.size());
    if (page.size() < static_cast<std::size_t>(kEvaluationBatch)) return evaluated;
    after = page.back().device.id;
  }
}

std::int64_t refresh_all_status_flags(store::Database& database, const Policy& policy,
                                      core::UnixTime now) {
  std::int64_t evaluated = 0;
  core::Id after = 0;
  for (;;) {
    auto connection = database.acquire();
    store::Transaction transaction(*connection);
    store::DeviceStore devices(*connection);
    const auto page = devices.page_for_evaluation(after, kEvaluationBatch);
    refresh_page(devices, page, policy, now);
    transaction.commit();
    evaluated += static_cast<std::int64_t>(page.size());
    if (page.size() < static_cast<std::size_t>(kEvaluationBatch)) return evaluated;
    after = page.back().device.id;
  }
}

}  // namespace keyward::app
