#pragma once
// Events that Keyward reports to people (notification mails) and to machines (webhooks).
// app::EventDispatcher fans every event out to both, so no event type can reach one and
// miss the other; the rules here say who of them it concerns.

#include <boost/json/object.hpp>
#include <optional>
#include <span>
#include <string_view>

#include "core/device_status.hpp"
#include "core/entities.hpp"

namespace keyward::core {

enum class EventType {
  activation,         // a device took an activation (new machine, or activated in the portal)
  deactivation,       // a device gave its activation back
  threshold_reached,  // the license's active count reached its notify-at threshold
  infection,          // a device reported infections after reporting none
  license_expiring,   // the license expires in 30 or in 7 days
  export_done,        // an export file is ready (emitted by the exports job)
  test,               // a webhook's test-send; never subscribed, never mailed
};

std::string_view to_string(EventType type);
std::optional<EventType> parse_event_type(std::string_view text);
// The types a webhook can subscribe to (every type but `test`), in declaration order.
std::span<const EventType> subscribable_event_types();

struct Event {
  EventType type = EventType::test;
  Id customer_id = 0;  // whose event it is (a reseller's or the operator's own: their id)
  Id reseller_id = 0;  // the customer's reseller (for a reseller's own event: its id)
  std::optional<Id> license_id;
  std::optional<Id> device_id;
  std::optional<Id> user_id;  // export_done: who asked for the export
  boost::json::object data;   // the type's facts, as the webhook payload's "data"
  UnixTime occurred_at = 0;
};

// Who gets a mail about an event.
enum class MailAudience {
  none,                // machines only (webhooks)
  license_recipients,  // the verified notification recipients of event.license_id
  user,                // the portal user event.user_id
};
MailAudience mail_audience(EventType type);

// The status category whose muting on a device silences the event's mails; empty when device
// muting does not apply (the event is about the license, not one device).
std::optional<StatusCategory> mute_category(EventType type);

// Whether a device with these mute settings silences mails of `type`.
bool is_muted(EventType type, MuteLevel level, std::string_view muted_categories_json);

}  // namespace keyward::core
