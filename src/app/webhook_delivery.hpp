#pragma once
// Delivering webhook deliveries through app/queue_delivery (the same leases, retries and
// backoff as the mail outbox): at least once, each attempt signed anew. Receivers tell copies
// apart by Keyward-Event-Id (the same for every endpoint and attempt of an event) and
// Keyward-Delivery (one per endpoint).

#include <atomic>
#include <cstddef>
#include <string>

#include "app/queue_delivery.hpp"
#include "app/webhook_transport.hpp"
#include "store/database.hpp"

namespace keyward::app {

std::size_t deliver_due_webhooks(store::Database& database, const WebhookTransport& transport,
                                 const DeliverySettings& settings, const std::string& worker,
                                 const std::atomic<bool>& stopping);
void release_webhook_claims(store::Database& database, const std::string& worker);

// The delivery log keeps finished deliveries this long (maintenance prunes older ones).
inline constexpr core::UnixTime kDeliveryLogSeconds = 30 * 86400;
void prune_webhook_deliveries(store::Database& database, core::UnixTime now);

}  // namespace keyward::app
