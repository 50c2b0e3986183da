#include "app/webhook_delivery.hpp"

#include "store/webhook_store.hpp"

namespace keyward::app {
namespace {

std::optional<std::string> send(store::Database& database, const WebhookTransport& transport,
                                const core::WebhookDelivery& delivery) {
  std::optional<store::WebhookDeliveryStore::Endpoint> endpoint;
  {
    auto connection = database.acquire();
    endpoint = store::WebhookDeliveryStore(*connection).endpoint_of(delivery.id);
  }
  if (!endpoint) return "the webhook was deleted";
  return transport.send(WebhookRequest{.url = endpoint->url,
                                       .secret = endpoint->secret,
                                       .delivery_id = delivery.id,
                                       .event_type = delivery.event_type,
                                       .event_id = delivery.event_id,
                                       .body = delivery.payload},
                        now());
}

}  // namespace

std::size_t deliver_due_webhooks(store::Database& database, const WebhookTransport& transport,
                                 const DeliverySettings& settings, const std::string& worker,
                                 const std::atomic<bool>& stopping) {
  return deliver_due<store::WebhookDeliveryStore>(
      database, settings, worker, stopping, "webhook delivery",
      [&](const core::WebhookDelivery& delivery) { return send(database, transport, delivery); });
}

void release_webhook_claims(store::Database& database, const std::string& worker) {
  release_claims<store::WebhookDeliveryStore>(database, worker);
}

void prune_webhook_deliveries(store::Database& database, core::UnixTime now) {
  auto connection = database.acquire();
  store::WebhookDeliveryStore(*connection).prune(now - kDeliveryLogSeconds);
}

}  // namespace keyward::app
