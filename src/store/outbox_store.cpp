#include "store/outbox_store.hpp"

#include "core/validation.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "id, recipient, subject, text_body, html_body, status, attempts, next_attempt_at, "
    "last_error, sent_at, created_at";

core::OutboxMail to_mail(const Row& row) {
  return core::OutboxMail{
      .id = row.int64(0),
      .recipient = row.text(1),
      .subject = row.text(2),
      .text_body = row.text(3),
      .html_body = row.text(4),
      .status = parse_column(core::parse_mail_status, row, 5),
      .attempts = row.int64(6),
      .next_attempt_at = row.int64(7),
      .last_error = row.opt_text(8),
      .sent_at = row.opt_int64(9),
      .created_at = row.int64(10),
  };
}

// PostgreSQL locks the chosen rows and skips rows another server is claiming right now;
// SQLite has one writer at a time, so its write transaction alone keeps claims disjoint.
std::string claim_statement(Engine engine) {
  const std::string_view lock = engine == Engine::postgres ? " FOR UPDATE SKIP LOCKED" : "";
  return "UPDATE outbox SET claimed_by = $1, claimed_until = $3 WHERE id IN (SELECT id FROM "
         "outbox WHERE status = 'pending' AND next_attempt_at <= $2 AND (claimed_until IS NULL "
         "OR claimed_until <= $2) ORDER BY next_attempt_at, id LIMIT $4" +
         std::string(lock) + ") RETURNING " + std::string(kColumns);
}

}  // namespace

core::OutboxMail OutboxStore::enqueue(const core::OutboxMail& mail) {
  const Row row = *connection_.query_one(
      "INSERT INTO outbox (recipient, subject, text_body, html_body, status, attempts, "
      "next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6) RETURNING id",
      {mail.recipient, mail.subject, mail.text_body, mail.html_body, mail.next_attempt_at,
       mail.created_at});
  core::OutboxMail queued = mail;
  queued.id = row.int64(0);
  queued.status = core::MailStatus::pending;
  queued.attempts = 0;
  return queued;
}

std::vector<core::OutboxMail> OutboxStore::list_for_recipient(const std::string& recipient,
                                                              std::size_t limit) {
  std::vector<core::OutboxMail> result;
  for (const Row& row : connection_.query(
           "SELECT " + std::string(kColumns) +
               " FROM outbox WHERE lower(recipient) = $1 ORDER BY created_at DESC, id DESC "
               "LIMIT $2",
           {core::ascii_lower(recipient), static_cast<std::int64_t>(limit)})) {
    result.push_back(to_mail(row));
  }
  return result;
}

std::vector<core::OutboxMail> OutboxStore::claim_due(const std::string& worker, core::UnixTime now,
                                                     core::UnixTime lease_until,
                                                     std::size_t limit) {
  std::vector<core::OutboxMail> result;
  for (const Row& row :
       connection_.query(claim_statement(connection_.engine()),
                         {worker, now, lease_until, static_cast<std::int64_t>(limit)})) {
    result.push_back(to_mail(row));
  }
  return result;
}

bool OutboxStore::mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at) {
  return connection_.execute(
             "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $3, "
             "last_error = NULL, claimed_by = NULL, claimed_until = NULL "
             "WHERE id = $1 AND claimed_by = $2 AND status = 'pending'",
             {id, worker, sent_at}) > 0;
}

bool OutboxStore::record_failure(core::Id id, const std::string& worker, const std::string& error,
                                 core::UnixTime next_attempt_at, bool give_up) {
  return connection_.execute(
             "UPDATE outbox SET status = $5, attempts = attempts + 1, last_error = $3, "
             "next_attempt_at = $4, claimed_by = NULL, claimed_until = NULL "
             "WHERE id = $1 AND claimed_by = $2 AND status = 'pending'",
             {id, worker, error, next_attempt_at, std::string(give_up ? "failed" : "pending")}) > 0;
}

void OutboxStore::release_claims(const std::string& worker) {
  connection_.execute(
      "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL "
      "WHERE claimed_by = $1 AND status = 'pending'",
      {worker});
}

}  // namespace keyward::store
