#include "store/webhook_store.hpp"

#include "store/leased_queue.hpp"
#include "store/list_page.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "w.id, w.company_id, w.reseller_id, w.url, w.description, w.events, w.secret, w.enabled, "
    "w.created_by, w.created_at, w.updated_at";

core::Webhook to_webhook(const Row& row) {
  return core::Webhook{
      .id = row.int64(0),
      .company_id = row.int64(1),
      .reseller_id = row.opt_int64(2),
      .url = row.text(3),
      .description = row.text(4),
      .events = core::event_types_from_json(row.text(5)),
      .secret = row.text(6),
      .enabled = row.int64(7) != 0,
      .created_by = row.opt_int64(8),
      .created_at = row.int64(9),
      .updated_at = row.int64(10),
  };
}

constexpr std::string_view kDeliveryColumns =
    "id, webhook_id, event_type, event_id, payload, status, attempts, next_attempt_at, "
    "last_error, sent_at, created_at";

core::WebhookDelivery to_delivery(const Row& row) {
  return core::WebhookDelivery{
      .id = row.int64(0),
      .webhook_id = row.int64(1),
      .event_type = parse_column(core::parse_event_type, row, 2),
      .event_id = row.text(3),
      .payload = row.text(4),
      .status = parse_column(core::parse_mail_status, row, 5),
      .attempts = row.int64(6),
      .next_attempt_at = row.int64(7),
      .last_error = row.opt_text(8),
      .sent_at = row.opt_int64(9),
      .created_at = row.int64(10),
  };
}

LeasedQueue queue(Connection& connection) {
  return LeasedQueue(connection, "webhook_deliveries", kDeliveryColumns);
}

std::string scoped_from(const core::TenantScope& scope, Params& params) {
  return "FROM webhooks w WHERE " +
         tenant_condition(scope, "w.company_id", "w.reseller_id", params);
}

}  // namespace

core::Webhook WebhookStore::create(const core::Webhook& webhook) {
  const Row row = *connection_.query_one(
      "INSERT INTO webhooks (company_id, reseller_id, url, description, events, secret, enabled, "
      "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "RETURNING id",
      {webhook.company_id, nullable(webhook.reseller_id), webhook.url, webhook.description,
       core::event_types_json(webhook.events), webhook.secret,
       std::int64_t{webhook.enabled ? 1 : 0}, nullable(webhook.created_by), webhook.created_at,
       webhook.updated_at});
  core::Webhook created = webhook;
  created.id = row.int64(0);
  return created;
}

std::optional<core::Webhook> WebhookStore::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " " + scoped_from(scope, params) + " AND w.id = $1",
      params);
  if (!row) return std::nullopt;
  return to_webhook(*row);
}

core::Page<core::Webhook> WebhookStore::list(const core::TenantScope& scope,
                                             const core::ListQuery& query) {
  Params params;
  std::string from = scoped_from(scope, params);
  if (!query.q.empty()) {
    from += " AND " + contains_condition(query.q, {"lower(w.url)", "lower(w.description)"}, params);
  }
  return read_page<core::Webhook>(
      connection_, kColumns, from, params,
      order_by(query, {{"url", "lower(w.url)"}, {"created_at", "w.created_at"}}, "w.id"), query,
      to_webhook);
}

void WebhookStore::update(const core::Webhook& webhook, core::UnixTime now) {
  connection_.execute(
      "UPDATE webhooks SET url = $2, description = $3, events = $4, enabled = $5, "
      "updated_at = $6 WHERE id = $1",
      {webhook.id, webhook.url, webhook.description, core::event_types_json(webhook.events),
       std::int64_t{webhook.enabled ? 1 : 0}, now});
}

bool WebhookStore::remove(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string from = scoped_from(scope, params);
  // Deliveries go first: SQLite enforces the foreign key's cascade only when told to.
  connection_.execute(
      "DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT w.id " + from + " AND w.id = $1)",
      params);
  return connection_.execute(
             "DELETE FROM webhooks WHERE id IN (SELECT w.id " + from + " AND w.id = $1)", params) ==
         1;
}

std::vector<core::Webhook> WebhookStore::subscribers(core::Id customer_id, core::Id reseller_id) {
  std::vector<core::Webhook> webhooks;
  for (const Row& row : connection_.query(
           "SELECT " + std::string(kColumns) +
               " FROM webhooks w WHERE w.enabled = 1 AND (w.company_id IN ($1, $2) OR "
               "w.reseller_id IS NULL) ORDER BY w.id",
           {customer_id, reseller_id})) {
    webhooks.push_back(to_webhook(row));
  }
  return webhooks;
}

core::WebhookDelivery WebhookDeliveryStore::enqueue(const core::WebhookDelivery& delivery) {
  const Row row = *connection_.query_one(
      "INSERT INTO webhook_deliveries (webhook_id, event_type, event_id, payload, status, "
      "attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6) "
      "RETURNING id",
      {delivery.webhook_id, std::string(core::to_string(delivery.event_type)), delivery.event_id,
       delivery.payload, delivery.next_attempt_at, delivery.created_at});
  core::WebhookDelivery queued = delivery;
  queued.id = row.int64(0);
  queued.status = core::MailStatus::pending;
  queued.attempts = 0;
  return queued;
}

core::Page<core::WebhookDelivery> WebhookDeliveryStore::list(core::Id webhook_id,
                                                             const core::ListQuery& query) {
  Params params{webhook_id};
  return read_page<core::WebhookDelivery>(
      connection_, kDeliveryColumns, "FROM webhook_deliveries WHERE webhook_id = $1", params,
      order_by(query, {{"created_at", "created_at"}}, "id"), query, to_delivery);
}

std::vector<core::WebhookDelivery> WebhookDeliveryStore::claim_due(const std::string& worker,
                                                                   core::UnixTime now,
                                                                   core::UnixTime lease_until,
                                                                   std::size_t limit) {
  std::vector<core::WebhookDelivery> result;
  for (const Row& row : queue(connection_).claim_due(worker, now, lease_until, limit)) {
    result.push_back(to_delivery(row));
  }
  return result;
}

bool WebhookDeliveryStore::mark_sent(core::Id id, const std::string& worker,
                                     core::UnixTime sent_at) {
  return queue(connection_).mark_sent(id, worker, sent_at);
}

bool WebhookDeliveryStore::record_failure(core::Id id, const std::string& worker,
                                          const std::string& error, core::UnixTime next_attempt_at,
                                          bool give_up) {
  return queue(connection_).record_failure(id, worker, error, next_attempt_at, give_up);
}

void WebhookDeliveryStore::release_claims(const std::string& worker) {
  queue(connection_).release_claims(worker);
}

std::int64_t WebhookDeliveryStore::prune(core::UnixTime before) {
  return connection_.execute(
      "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1", {before});
}

std::optional<WebhookDeliveryStore::Endpoint> WebhookDeliveryStore::endpoint_of(
    core::Id delivery_id) {
  const auto row = connection_.query_one(
      "SELECT w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
      "WHERE d.id = $1",
      {delivery_id});
  if (!row) return std::nullopt;
  return Endpoint{row->text(0), row->text(1)};
}

}  // namespace keyward::store
