#pragma once
// Webhook endpoints of companies, and the deliveries of events to them.
//
// A webhook row carries its company and that company's reseller (its own id for a reseller,
// empty for the operator), so the tenant condition of every read is one column comparison:
// a customer sees its own webhooks, a reseller its own and its customers', the operator all.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "core/webhook.hpp"
#include "store/database.hpp"

namespace keyward::store {

inline constexpr std::string_view kWebhookSortKeys[] = {"url", "created_at"};
inline constexpr std::string_view kDeliverySortKeys[] = {"created_at"};

class WebhookStore {
 public:
  explicit WebhookStore(Connection& connection) : connection_(connection) {}

  // Inserts `webhook` (its id is ignored) and returns it with the new id.
  core::Webhook create(const core::Webhook& webhook);
  std::optional<core::Webhook> find(const core::TenantScope& scope, core::Id id);
  core::Page<core::Webhook> list(const core::TenantScope& scope, const core::ListQuery& query);
  // Writes url, description, events and enabled.
  void update(const core::Webhook& webhook, core::UnixTime now);
  // Deletes the webhook and its deliveries; false when there is none in `scope`.
  bool remove(const core::TenantScope& scope, core::Id id);
  // The enabled webhooks that hear about an event of `customer_id` under `reseller_id`: the
  // customer's own, its reseller's and the operator's.
  std::vector<core::Webhook> subscribers(core::Id customer_id, core::Id reseller_id);

 private:
  Connection& connection_;
};

// The leased queue of deliveries (store/leased_queue): written in the event's transaction,
// sent by the webhook worker.
class WebhookDeliveryStore {
 public:
  explicit WebhookDeliveryStore(Connection& connection) : connection_(connection) {}

  // Queues `delivery` (its id, status and attempts are ignored) and returns it with the new id.
  core::WebhookDelivery enqueue(const core::WebhookDelivery& delivery);
  // The delivery log of one webhook (its visibility is checked by the caller), newest first.
  core::Page<core::WebhookDelivery> list(core::Id webhook_id, const core::ListQuery& query);

  // The store::LeasedQueue operations; see there.
  std::vector<core::WebhookDelivery> claim_due(const std::string& worker, core::UnixTime now,
                                               core::UnixTime lease_until, std::size_t limit);
  bool mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at);
  bool record_failure(core::Id id, const std::string& worker, const std::string& error,
                      core::UnixTime next_attempt_at, bool give_up);
  void release_claims(const std::string& worker);

  // Forgets finished deliveries (sent or given up) created before `before`: the log is for
  // recent trouble, and a busy webhook would otherwise grow it forever.
  std::int64_t prune(core::UnixTime before);

  // What the worker needs to send a claimed delivery: its endpoint's URL and secret (empty
  // when the webhook was deleted meanwhile).
  struct Endpoint {
    std::string url;
    std::string secret;
  };
  std::optional<Endpoint> endpoint_of(core::Id delivery_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
