#pragma once
// Delivering the outbox. A pass claims due mails (a lease in the outbox row, so servers on one
// database never send a mail at the same time), sends each outside any transaction, and
// records the result: sent, or a failed attempt with the error and the next attempt after an
// exponential backoff; after `max_attempts` the mail is given up as failed.
//
// The guarantee is at least once: a server that dies after the SMTP server accepted a mail
// but before it recorded that leaves the lease to expire, and the mail is sent again (with
// the same Message-ID). Nothing is lost by a restart.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#include "app/smtp_transport.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct MailDeliverySettings {
  std::string sender;  // envelope and From: address
  // Retry after base, 2 × base, 4 × base … up to max_backoff.
  std::chrono::milliseconds retry_base{std::chrono::minutes(1)};
  std::chrono::milliseconds max_backoff{std::chrono::hours(1)};
  std::int64_t max_attempts = 10;
  // Longer than one SMTP exchange may take (SmtpTransport's timeout: 120 s), so a lease only
  // runs out when its server is gone; a pass hands back what it has not begun to send after
  // half of it.
  std::chrono::seconds lease{600};
  std::size_t batch = 20;
};

// How long to wait after the `attempts`-th failed attempt (1 for the first).
std::chrono::milliseconds retry_delay(const MailDeliverySettings& settings, std::int64_t attempts);

// One pass: claims up to settings.batch due mails for `worker` and tries each once. Returns
// how many it claimed (0: nothing is due). Once `stopping` is set it sends no further mail and
// does not count an interrupted attempt; release_mail_claims then hands the rest back.
std::size_t deliver_due_mails(store::Database& database, const SmtpTransport& transport,
                              const MailDeliverySettings& settings, const std::string& worker,
                              const std::atomic<bool>& stopping);
void release_mail_claims(store::Database& database, const std::string& worker);

}  // namespace keyward::app
