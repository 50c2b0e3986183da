#include "app/events.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "app/mail.hpp"
#include "app/secrets.hpp"
#include "core/notification_mails.hpp"
#include "store/company_store.hpp"
#include "store/license_store.hpp"
#include "store/notification_audience.hpp"
#include "store/recipient_store.hpp"
#include "store/webhook_store.hpp"

namespace keyward::app {
namespace {

std::mutex portal_url_mutex;
std::string portal_url_value;

const core::TenantScope kEveryTenant = core::TenantScope::operator_scope(0);

void queue_notification(store::Connection& connection, const std::string& to,
                        core::Language language, const core::Event& event) {
  const auto text = core::notification_mail(language, event, portal_url());
  if (!text) return;
  queue_mail(
      connection,
      Mail{.to = to, .subject = text->subject, .text_body = text->text, .html_body = text->html});
}

void mail_user(store::Connection& connection, const core::Event& event) {
  if (!event.user_id) return;
  if (const auto user = store::user_mail_address(connection, *event.user_id)) {
    queue_notification(connection, user->first, user->second, event);
  }
}

core::WebhookDelivery queue_delivery(store::Connection& connection, core::Id webhook_id,
                                     const core::Event& event, const std::string& event_id,
                                     const std::string& payload) {
  return store::WebhookDeliveryStore(connection)
      .enqueue(core::WebhookDelivery{.webhook_id = webhook_id,
                                     .event_type = event.type,
                                     .event_id = event_id,
                                     .payload = payload,
                                     .next_attempt_at = event.occurred_at,
                                     .created_at = event.occurred_at});
}

// The value cached under `key`, computed by `read` the first time.
template <typename Map, typename Key, typename Read>
auto& cached(Map& map, const Key& key, Read read) {
  auto found = map.find(key);
  if (found == map.end()) found = map.emplace(key, read()).first;
  return found->second;
}

}  // namespace

void set_portal_url(std::string url) {
  std::lock_guard lock(portal_url_mutex);
  portal_url_value = std::move(url);
}

std::string portal_url() {
  std::lock_guard lock(portal_url_mutex);
  return portal_url_value;
}

std::optional<core::License> EventDispatcher::license(core::Id id) {
  return cached(licenses_, id,
                [&] { return store::LicenseStore(connection_).find(kEveryTenant, id); });
}

core::Event EventDispatcher::license_event(core::EventType type, const core::License& license,
                                           core::UnixTime now) {
  const std::string& customer = cached(company_names_, license.customer_id, [&] {
    const auto company = store::CompanyStore(connection_).find(kEveryTenant, license.customer_id);
    return company ? company->name : std::string();
  });
  return core::Event{
      .type = type,
      .customer_id = license.customer_id,
      .reseller_id = license.reseller_id,
      .license_id = license.id,
      .data = {{"license", {{"id", license.id}, {"name", license.name}, {"key", license.key}}},
               {"customer", {{"id", license.customer_id}, {"name", customer}}}},
      .occurred_at = now};
}

core::Event EventDispatcher::device_event(core::EventType type, const core::License& license,
                                          const core::Device& device, core::UnixTime now) {
  core::Event event = license_event(type, license, now);
  event.device_id = device.id;
  event.data["device"] = {
      {"id", device.id}, {"hostname", device.hostname}, {"machine_id", device.machine_id}};
  return event;
}

void EventDispatcher::dispatch(const core::Event& event, const core::Device* device) {
  const bool muted = device && core::is_muted(event.type, device->muted, device->muted_categories);
  if (!muted) queue_mails(event);
  queue_webhook_deliveries(event, muted);
}

void EventDispatcher::queue_mails(const core::Event& event) {
  switch (core::mail_audience(event.type)) {
    case core::MailAudience::none:
      return;
    case core::MailAudience::license_recipients:
      return mail_license_recipients(event);
    case core::MailAudience::user:
      return mail_user(connection_, event);
  }
}

core::Language EventDispatcher::owner_language(const core::Event& event) {
  return cached(owner_languages_, std::pair{event.customer_id, event.reseller_id}, [&] {
    return store::owner_language(connection_, event.customer_id, event.reseller_id);
  });
}

void EventDispatcher::mail_license_recipients(const core::Event& event) {
  if (!event.license_id) return;
  const auto& recipients = cached(recipients_, *event.license_id, [&] {
    return store::RecipientStore(connection_).verified_recipients(*event.license_id);
  });
  for (const core::Recipient& recipient : recipients) {
    std::optional<core::Language> language;
    if (recipient.user_id) language = store::user_language(connection_, *recipient.user_id);
    queue_notification(connection_, recipient.email, language.value_or(owner_language(event)),
                       event);
  }
}

void EventDispatcher::queue_webhook_deliveries(const core::Event& event, bool muted) {
  const auto& webhooks = cached(subscribers_, std::pair{event.customer_id, event.reseller_id}, [&] {
    return store::WebhookStore(connection_).subscribers(event.customer_id, event.reseller_id);
  });
  if (std::none_of(webhooks.begin(), webhooks.end(),
                   [&](const core::Webhook& webhook) { return subscribes(webhook, event.type); })) {
    return;
  }
  core::Event delivered = event;
  if (core::mute_category(event.type)) delivered.data["muted"] = muted;
  // One id for every endpoint's copy, so receivers can tell the same event apart from retries.
  const std::string event_id = new_token("evt_");
  const std::string payload = webhook_payload(delivered, event_id);
  for (const core::Webhook& webhook : webhooks) {
    if (core::subscribes(webhook, event.type)) {
      queue_delivery(connection_, webhook.id, event, event_id, payload);
    }
  }
}

core::WebhookDelivery deliver_to_webhook(store::Connection& connection, core::Id webhook_id,
                                         const core::Event& event) {
  const std::string event_id = new_token("evt_");
  return queue_delivery(connection, webhook_id, event, event_id, webhook_payload(event, event_id));
}

std::string webhook_payload(const core::Event& event, const std::string& event_id) {
  boost::json::object body{{"id", event_id},
                           {"type", core::to_string(event.type)},
                           {"occurred_at", event.occurred_at},
                           {"company_id", event.customer_id},
                           {"reseller_id", event.reseller_id},
                           {"data", event.data}};
  return boost::json::serialize(body);
}

}  // namespace keyward::app
