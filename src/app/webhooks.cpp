#include "app/webhooks.hpp"

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/events.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "store/company_store.hpp"
#include "store/webhook_store.hpp"

namespace keyward::app {
namespace {

constexpr std::size_t kMaxDescription = 200;

core::Webhook visible_webhook(store::Connection& connection, const Actor& actor, core::Id id) {
  require_admin(actor, "manage webhooks");
  return core::found(store::WebhookStore(connection).find(actor.scope, id), "webhook");
}

// Writes what `changes` names into `webhook`, validated.
void apply(const WebhookChanges& changes, core::Webhook& webhook) {
  if (changes.url) webhook.url = core::require_webhook_url("url", *changes.url);
  if (changes.description) {
    webhook.description =
        core::require_text("description", *changes.description, 0, kMaxDescription);
  }
  if (changes.events) webhook.events = *changes.events;
  if (changes.enabled) webhook.enabled = *changes.enabled;
}

void log_webhook(store::Connection& connection, const Actor& actor, const core::Webhook& webhook,
                 const std::string& action, core::UnixTime at) {
  log_change(connection, actor,
             {.company_id = webhook.company_id,
              .reseller_id = webhook.reseller_id.value_or(webhook.company_id),
              .action = action,
              .details = {{"webhook_id", webhook.id},
                          {"url", webhook.url},
                          {"events", core::event_types_json(webhook.events)},
                          {"enabled", webhook.enabled}}},
             at);
}

}  // namespace

core::Page<core::Webhook> list_webhooks(store::Database& database, const Actor& actor,
                                        const core::ListQuery& query) {
  require_admin(actor, "manage webhooks");
  auto connection = database.acquire();
  return store::WebhookStore(*connection).list(actor.scope, query);
}

core::Webhook create_webhook(store::Database& database, const Actor& actor,
                             const WebhookChanges& input) {
  require_admin(actor, "manage webhooks");
  if (!input.url) throw core::invalid_request("url", "is required");
  if (!input.events) throw core::invalid_request("events", "is required");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Company company =
      core::found(store::CompanyStore(*connection)
                      .find(actor.scope, input.company_id.value_or(actor.scope.company_id())),
                  "company");
  core::Webhook webhook{.company_id = company.id,
                        .reseller_id = company.kind == core::CompanyKind::operator_
                                           ? std::nullopt
                                           : std::optional<core::Id>(reseller_of(company)),
                        .secret = new_token("whsec_"),
                        .created_by = actor.user_id,
                        .created_at = at,
                        .updated_at = at};
  apply(input, webhook);
  webhook = store::WebhookStore(*connection).create(webhook);
  log_webhook(*connection, actor, webhook, "webhook.created", at);
  transaction.commit();
  return webhook;
}

core::Webhook find_webhook(store::Database& database, const Actor& actor, core::Id id) {
  auto connection = database.acquire();
  return visible_webhook(*connection, actor, id);
}

core::Webhook update_webhook(store::Database& database, const Actor& actor, core::Id id,
                             const WebhookChanges& changes) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  core::Webhook webhook = visible_webhook(*connection, actor, id);
  apply(changes, webhook);
  store::WebhookStore(*connection).update(webhook, at);
  webhook.updated_at = at;
  log_webhook(*connection, actor, webhook, "webhook.changed", at);
  transaction.commit();
  return webhook;
}

void delete_webhook(store::Database& database, const Actor& actor, core::Id id) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Webhook webhook = visible_webhook(*connection, actor, id);
  store::WebhookStore(*connection).remove(actor.scope, id);
  log_webhook(*connection, actor, webhook, "webhook.deleted", at);
  transaction.commit();
}

core::Page<core::WebhookDelivery> list_webhook_deliveries(store::Database& database,
                                                          const Actor& actor, core::Id id,
                                                          const core::ListQuery& query) {
  auto connection = database.acquire();
  const core::Webhook webhook = visible_webhook(*connection, actor, id);
  return store::WebhookDeliveryStore(*connection).list(webhook.id, query);
}

core::WebhookDelivery send_test_event(store::Database& database, const Actor& actor, core::Id id) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Webhook webhook = visible_webhook(*connection, actor, id);
  const core::Event event{
      .type = core::EventType::test,
      .customer_id = webhook.company_id,
      .reseller_id = webhook.reseller_id.value_or(webhook.company_id),
      .data = {{"webhook_id", webhook.id}, {"message", "Test event from Keyward"}},
      .occurred_at = at};
  const core::WebhookDelivery delivery = deliver_to_webhook(*connection, webhook.id, event);
  transaction.commit();
  return delivery;
}

}  // namespace keyward::app
