#include "app/mail_delivery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/actor.hpp"
#include "app/mime_message.hpp"
#include "store/outbox_store.hpp"

namespace keyward::app {
namespace {

using std::chrono::milliseconds;

std::vector<core::OutboxMail> claim(store::Database& database, const MailDeliverySettings& settings,
                                    const std::string& worker) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::UnixTime at = now();
  auto mails = store::OutboxStore(*connection)
                   .claim_due(worker, at, at + settings.lease.count(), settings.batch);
  transaction.commit();
  return mails;
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "keyward.invalid" : address.substr(at + 1);
}

std::string message_for(const core::OutboxMail& mail, const std::string& sender) {
  const MimeHeaders headers{
      .from = sender,
      .to = mail.recipient,
      .subject = mail.subject,
      .date = now(),
      .message_id = "<outbox." + std::to_string(mail.id) + "." + std::to_string(mail.created_at) +
                    "@" + domain_of(sender) + ">",
  };
  return build_mime_message(headers, mail.text_body, mail.html_body);
}

// The recipient goes into the To: header and the SMTP envelope as it is; a line break or an
// angle bracket there would let it add headers or recipients. Queued addresses are validated,
// so this only guards against rows written by other means.
bool is_safe_address(const std::string& address) {
  return !address.empty() && std::none_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '<' || c == '>';
  });
}

std::optional<std::string> send(const SmtpTransport& transport,
                                const MailDeliverySettings& settings,
                                const core::OutboxMail& mail) {
  if (!is_safe_address(mail.recipient)) return "not a deliverable address";
  return transport.send(settings.sender, mail.recipient, message_for(mail, settings.sender));
}

// Whole seconds, rounded up: the outbox keeps unix seconds, and a retry must not come early.
core::UnixTime seconds_after(core::UnixTime at, milliseconds delay) {
  return at + (delay.count() + 999) / 1000;
}

void record(store::Database& database, const MailDeliverySettings& settings,
            const std::string& worker, const core::OutboxMail& mail,
            const std::optional<std::string>& error) {
  auto connection = database.acquire();
  store::OutboxStore outbox(*connection);
  bool recorded = false;
  if (!error) {
    recorded = outbox.mark_sent(mail.id, worker, now());
  } else {
    const std::int64_t attempts = mail.attempts + 1;
    const bool give_up = attempts >= settings.max_attempts;
    recorded = outbox.record_failure(
        mail.id, worker, *error, seconds_after(now(), retry_delay(settings, attempts)), give_up);
    if (give_up) {
      spdlog::error("mail {} failed after {} attempts: {}", mail.id, attempts, *error);
    } else {
      spdlog::warn("mail {} not sent (attempt {}): {}", mail.id, attempts, *error);
    }
  }
  if (!recorded) spdlog::warn("mail {}: its lease ran out before the result was recorded", mail.id);
}

}  // namespace

milliseconds retry_delay(const MailDeliverySettings& settings, std::int64_t attempts) {
  // Doubling stops well before the shift could overflow; the cap applies anyway.
  const std::int64_t doublings = std::clamp<std::int64_t>(attempts - 1, 0, 30);
  const milliseconds delay = settings.retry_base * (std::int64_t{1} << doublings);
  return std::min(delay, settings.max_backoff);
}

std::size_t deliver_due_mails(store::Database& database, const SmtpTransport& transport,
                              const MailDeliverySettings& settings, const std::string& worker,
                              const std::atomic<bool>& stopping) {
  const auto claimed_at = std::chrono::steady_clock::now();
  const auto mails = claim(database, settings, worker);
  for (const core::OutboxMail& mail : mails) {
    // Slow exchanges (a mail server that times out) can use up the lease of the mails further
    // down the batch; another server may take those once it runs out, so they are handed back
    // while the lease still holds instead of being sent by two servers.
    if (stopping || std::chrono::steady_clock::now() - claimed_at > settings.lease / 2) {
      release_mail_claims(database, worker);
      break;
    }
    const auto error = send(transport, settings, mail);
    if (error && stopping) break;
    record(database, settings, worker, mail, error);
  }
  return mails.size();
}

void release_mail_claims(store::Database& database, const std::string& worker) {
  auto connection = database.acquire();
  store::OutboxStore(*connection).release_claims(worker);
}

}  // namespace keyward::app
