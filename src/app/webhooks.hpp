#pragma once
// Webhook endpoints of a company (issue 6, SPEC.md §7): admins only, within their tree (a
// customer's admins for the customer, a reseller's for itself and its customers, the
// operator's for everybody). Another tenant's webhook is 404; anyone but an admin 403.
// The secret is returned by create_webhook only; it signs every delivery.

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "core/list_query.hpp"
#include "core/webhook.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct WebhookChanges {
  std::optional<core::Id> company_id;  // create only; default: the admin's own company
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::vector<core::EventType>> events;
  std::optional<bool> enabled;
};

core::Page<core::Webhook> list_webhooks(store::Database& database, const Actor& actor,
                                        const core::ListQuery& query);
// 400 when url or events are missing or invalid (see core::require_webhook_url).
core::Webhook create_webhook(store::Database& database, const Actor& actor,
                             const WebhookChanges& input);
core::Webhook find_webhook(store::Database& database, const Actor& actor, core::Id id);
core::Webhook update_webhook(store::Database& database, const Actor& actor, core::Id id,
                             const WebhookChanges& changes);
void delete_webhook(store::Database& database, const Actor& actor, core::Id id);

// The delivery log of a webhook, newest first.
core::Page<core::WebhookDelivery> list_webhook_deliveries(store::Database& database,
                                                          const Actor& actor, core::Id id,
                                                          const core::ListQuery& query);
// Queues a `test` event for this webhook alone (whatever it subscribes to, enabled or not) and
// returns the queued delivery; the worker sends it like any other.
core::WebhookDelivery send_test_event(store::Database& database, const Actor& actor, core::Id id);

}  // namespace keyward::app
