#pragma once
// The one way an event leaves Keyward: EventDispatcher::dispatch fans it out, in the caller's
// transaction, to the mails it causes (outbox rows) and to the webhook deliveries of every
// subscribed endpoint. Both commit with the event or not at all, and no event type can reach
// one channel and miss the other.
//
// Mails follow core::mail_audience: only verified recipients (store::RecipientStore::
// verified_recipients), each in their language (a portal user's own, else the license owner's
// default), not when the device has muted the event's category. Muting silences mails only:
// webhooks are a machine feed of what happened, and their payload says whether the device
// had muted it.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/entities.hpp"
#include "core/events.hpp"
#include "core/webhook.hpp"
#include "store/database.hpp"

namespace keyward::app {

// Where the portal is, for links in notification mails: set once by `serve` before it
// serves (the public URL), empty elsewhere.
void set_portal_url(std::string url);
std::string portal_url();

// Dispatches events within one transaction. It reads each license, company, recipient list
// and webhook list once, so a check-in batch with many infected devices of a few licenses
// costs a few statements, and an event nobody listens to costs nothing more.
class EventDispatcher {
 public:
  explicit EventDispatcher(store::Connection& connection) : connection_(connection) {}

  // An event about `license`, its data holding license {id, name, key} and customer {id, name}.
  core::Event license_event(core::EventType type, const core::License& license, core::UnixTime now);
  // The same about one device of the license; data.device = {id, hostname, machine_id}.
  core::Event device_event(core::EventType type, const core::License& license,
                           const core::Device& device, core::UnixTime now);
  // The license with this id (any tenant), read once per dispatcher.
  std::optional<core::License> license(core::Id id);

  // `device`: the device the event is about, for its mute settings.
  void dispatch(const core::Event& event, const core::Device* device = nullptr);

 private:
  void queue_mails(const core::Event& event);
  void mail_license_recipients(const core::Event& event);
  void queue_webhook_deliveries(const core::Event& event, bool muted);
  core::Language owner_language(const core::Event& event);

  store::Connection& connection_;
  std::map<core::Id, std::optional<core::License>> licenses_;
  std::map<core::Id, std::string> company_names_;
  std::map<core::Id, std::vector<core::Recipient>> recipients_;
  std::map<std::pair<core::Id, core::Id>, core::Language> owner_languages_;
  std::map<std::pair<core::Id, core::Id>, std::vector<core::Webhook>> subscribers_;
};

// Queues `event` for one webhook alone, whatever it subscribes to (the test-send button).
core::WebhookDelivery deliver_to_webhook(store::Connection& connection, core::Id webhook_id,
                                         const core::Event& event);

// The webhook request body of `event` under `event_id`.
std::string webhook_payload(const core::Event& event, const std::string& event_id);

}  // namespace keyward::app
