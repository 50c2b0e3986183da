#include "store/outbox_store.hpp"

#include "core/validation.hpp"
#include "store/leased_queue.hpp"
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

LeasedQueue queue(Connection& connection) { return LeasedQueue(connection, "outbox", kColumns); }

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
  for (const Row& row : queue(connection_).claim_due(worker, now, lease_until, limit)) {
    result.push_back(to_mail(row));
  }
  return result;
}

bool OutboxStore::mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at) {
  return queue(connection_).mark_sent(id, worker, sent_at);
}

bool OutboxStore::record_failure(core::Id id, const std::string& worker, const std::string& error,
                                 core::UnixTime next_attempt_at, bool give_up) {
  return queue(connection_).record_failure(id, worker, error, next_attempt_at, give_up);
}

void OutboxStore::release_claims(const std::string& worker) {
  queue(connection_).release_claims(worker);
}

}  // namespace keyward::store
