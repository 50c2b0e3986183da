#include "app/events.hpp"

#include <boost/json/serialize.hpp>
#include <mutex>

#include "app/mail.hpp"
#include "app/secrets.hpp"
#include "core/notification_mails.hpp"
#include "store/company_store.hpp"
#include "store/notification_audience.hpp"
#include "store/recipient_store.hpp"
#include "store/webhook_store.hpp"

namespace keyward::app {
namespace {

std::mutex portal_url_mutex;
std::string portal_url_value;

void queue_notification(store::Connection& connection, const std::string& to,
                        core::Language language, const core::Event& event) {
  const auto text = core::notification_mail(language, event, portal_url());
  if (!text) return;
  queue_mail(connection, Mail{.to = to,
                              .subject = text->subject,
                              .text_body = text->text,
                              .html_body = text->html});
}

void mail_license_recipients(store::Connection& connection, const core::Event& event) {
  if (!event.license_id) return;
  const auto recipients = store::RecipientStore(connection).verified_recipients(*event.license_id);
  if (recipients.empty()) return;
  std::optional<core::Language> owner;
  for (const core::Recipient& recipient : recipients) {
    std::optional<core::Language> language;
    if (recipient.user_id) language = store::user_language(connection, *recipient.user_id);
    if (!language) {
      if (!owner) owner = store::owner_language(connection, event.customer_id, event.reseller_id);
      language = owner;
    }
    queue_notification(connection, recipient.email, *language, event);
  }
}

void mail_user(store::Connection& connection, const core::Event& event) {
  if (!event.user_id) return;
  if (const auto user = store::user_mail_address(connection, *event.user_id)) {
    queue_notification(connection, user->first, user->second, event);
  }
}

void queue_mails(store::Connection& connection, const core::Event& event) {
  switch (core::mail_audience(event.type)) {
    case core::MailAudience::none:
      return;
    case core::MailAudience::license_recipients:
      return mail_license_recipients(connection, event);
    case core::MailAudience::user:
      return mail_user(connection, event);
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

void queue_webhook_deliveries(store::Connection& connection, const core::Event& event,
                              bool muted) {
  const auto webhooks =
      store::WebhookStore(connection).subscribers(event.customer_id, event.reseller_id);
  if (webhooks.empty()) return;
  core::Event delivered = event;
  if (core::mute_category(event.type)) delivered.data["muted"] = muted;
  // One id for every endpoint's copy, so receivers can tell the same event apart from retries.
  const std::string event_id = new_token("evt_");
  const std::string payload = webhook_payload(delivered, event_id);
  for (const core::Webhook& webhook : webhooks) {
    if (core::subscribes(webhook, event.type)) {
      queue_delivery(connection, webhook.id, event, event_id, payload);
    }
  }
}

boost::json::object license_data(store::Connection& connection, const core::License& license) {
  const auto customer = store::CompanyStore(connection)
                            .find(core::TenantScope::operator_scope(0), license.customer_id);
  return {{"license", {{"id", license.id}, {"name", license.name}, {"key", license.key}}},
          {"customer", {{"id", license.customer_id}, {"name", customer ? customer->name : ""}}}};
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

core::Event license_event(store::Connection& connection, core::EventType type,
                          const core::License& license, core::UnixTime now) {
  return core::Event{.type = type,
                     .customer_id = license.customer_id,
                     .reseller_id = license.reseller_id,
                     .license_id = license.id,
                     .data = license_data(connection, license),
                     .occurred_at = now};
}

core::Event device_event(store::Connection& connection, core::EventType type,
                         const core::License& license, const core::Device& device,
                         core::UnixTime now) {
  core::Event event = license_event(connection, type, license, now);
  event.device_id = device.id;
  event.data["device"] = {
      {"id", device.id}, {"hostname", device.hostname}, {"machine_id", device.machine_id}};
  return event;
}

void dispatch_event(store::Connection& connection, const core::Event& event,
                    const core::Device* device) {
  const bool muted =
      device && core::is_muted(event.type, device->muted, device->muted_categories);
  if (!muted) queue_mails(connection, event);
  queue_webhook_deliveries(connection, event, muted);
}

core::WebhookDelivery deliver_to_webhook(store::Connection& connection, core::Id webhook_id,
                                         const core::Event& event) {
  const std::string event_id = new_token("evt_");
  return queue_delivery(connection, webhook_id, event, event_id,
                        webhook_payload(event, event_id));
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
