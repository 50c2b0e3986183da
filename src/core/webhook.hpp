#pragma once
// Webhooks: endpoints of a company that receive signed events over HTTPS (SPEC.md §7).
//
// Every request carries `Keyward-Signature: t=<unix seconds>,v1=<hex>`, where the hex is
// HMAC-SHA256 with the endpoint's secret over "<t>.<body>". The timestamp is the time of the
// attempt, so a receiver can refuse old or replayed requests (tolerance: a few minutes).

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/events.hpp"

namespace keyward::core {

inline constexpr std::string_view kSignatureHeader = "Keyward-Signature";

struct Webhook {
  Id id = 0;
  Id company_id = 0;
  std::optional<Id> reseller_id;  // the company's reseller (its own id for a reseller)
  std::string url;
  std::string description;
  std::vector<EventType> events;
  std::string secret;  // shown once, at creation
  bool enabled = true;
  std::optional<Id> created_by;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

struct WebhookDelivery {
  Id id = 0;
  Id webhook_id = 0;
  EventType event_type = EventType::test;
  std::string event_id;
  std::string payload;  // the JSON body, fixed when the event happened
  MailStatus status = MailStatus::pending;
  std::int64_t attempts = 0;
  UnixTime next_attempt_at = 0;
  std::optional<std::string> last_error;
  std::optional<UnixTime> sent_at;
  UnixTime created_at = 0;
};

// An https:// URL, or http:// to a loopback host (127.0.0.0/8, ::1, localhost: tests and
// development). No user information (it would end up in logs), no fragment, at most 2,000
// characters. Throws invalid_request naming `field`; returns the URL as given.
std::string require_webhook_url(std::string_view field, std::string_view url);

// A JSON array of at least one subscribable event type name, each once; throws
// invalid_request naming `field`.
std::vector<EventType> parse_event_types(const boost::json::value& value, std::string_view field);
std::string event_types_json(const std::vector<EventType>& types);
std::vector<EventType> event_types_from_json(std::string_view json);

bool subscribes(const Webhook& webhook, EventType type);

// The Keyward-Signature header value for `body` sent at `timestamp`.
std::string webhook_signature(std::string_view secret, UnixTime timestamp, std::string_view body);
// Whether `header` signs `body` with `secret` at a time within `tolerance` seconds of `now`
// (what a receiver does; the documentation's reference and the tests' check).
bool verify_webhook_signature(std::string_view secret, std::string_view header,
                              std::string_view body, UnixTime now, UnixTime tolerance = 300);

}  // namespace keyward::core
