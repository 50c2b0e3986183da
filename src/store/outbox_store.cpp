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

}  // namespace keyward::store
