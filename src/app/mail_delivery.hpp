#pragma once
// Delivering the outbox through app/queue_delivery: mails are claimed with a lease, sent over
// SMTP outside any transaction, and retried with backoff. At least once: a server that dies
// after the SMTP server accepted a mail but before it recorded that leaves the lease to
// expire, and the mail is sent again with the same Message-ID.

#include <atomic>
#include <cstddef>
#include <string>

#include "app/queue_delivery.hpp"
#include "app/smtp_transport.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct MailDeliverySettings {
  std::string sender;  // envelope and From: address
  DeliverySettings delivery;
};

// One pass over due mails (see deliver_due).
std::size_t deliver_due_mails(store::Database& database, const SmtpTransport& transport,
                              const MailDeliverySettings& settings, const std::string& worker,
                              const std::atomic<bool>& stopping);
void release_mail_claims(store::Database& database, const std::string& worker);

}  // namespace keyward::app
