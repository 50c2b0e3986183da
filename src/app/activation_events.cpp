#include "app/activation_events.hpp"

#include "app/events.hpp"
#include "store/license_store.hpp"

namespace keyward::app {
namespace {

// The license as the change left it: the counts in the events are the new ones.
core::License current(store::Connection& connection, core::Id license_id) {
  return *store::LicenseStore(connection).find(core::TenantScope::operator_scope(0), license_id);
}

void add_counts(core::Event& event, const core::License& license) {
  event.data["activations_used"] = license.seats_used;
  if (license.seats_total) {
    event.data["activations_total"] = *license.seats_total;
  } else {
    event.data["activations_total"] = nullptr;
  }
}

void dispatch_device_event(EventDispatcher& events, core::EventType type,
                           const core::License& license, const core::Device& device,
                           core::UnixTime now) {
  core::Event event = events.device_event(type, license, device, now);
  add_counts(event, license);
  events.dispatch(event, &device);
}

}  // namespace

void activation_taken(store::Connection& connection, core::Id license_id,
                      const core::Device& device, core::UnixTime now) {
  const core::License license = current(connection, license_id);
  EventDispatcher events(connection);
  dispatch_device_event(events, core::EventType::activation, license, device, now);
  if (store::LicenseStore(connection).claim_threshold_notice(license_id)) {
    core::Event event = events.license_event(core::EventType::threshold_reached, license, now);
    add_counts(event, license);
    event.data["notify_at"] = *license.notify_at;
    events.dispatch(event);
  }
}

void activation_freed(store::Connection& connection, core::Id license_id,
                      const core::Device& device, core::UnixTime now) {
  EventDispatcher events(connection);
  dispatch_device_event(events, core::EventType::deactivation, current(connection, license_id),
                        device, now);
}

}  // namespace keyward::app
