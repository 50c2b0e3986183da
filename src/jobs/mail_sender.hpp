#pragma once
// The server's mail worker: a jobs::QueueWorker that delivers the outbox over SMTP
// (app/mail_delivery).

#include <chrono>
#include <string>

#include "app/mail_delivery.hpp"
#include "app/smtp_transport.hpp"
#include "jobs/queue_worker.hpp"
#include "store/database.hpp"

namespace keyward::jobs {

class MailSender {
 public:
  MailSender(store::Database& database, const std::string& smtp_url, app::SmtpSecurity security,
             app::MailDeliverySettings settings,
             std::chrono::milliseconds poll_interval = std::chrono::seconds(1));
  // Stops the loop: a running SMTP exchange is aborted, and claimed mails are handed back.
  ~MailSender();
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;

 private:
  store::Database& database_;
  app::MailDeliverySettings settings_;
  QueueWorker worker_;
  app::SmtpTransport transport_;
};

}  // namespace keyward::jobs
