#pragma once
// The server's mail worker: a thread that delivers due outbox mails (app/mail_delivery) and
// looks again every poll interval, because mails are queued by any server on the database.
// It never holds a database connection while it talks to the SMTP server, so an unreachable
// or slow mail server delays only mail, never the HTTP side.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/mail_delivery.hpp"
#include "app/smtp_transport.hpp"
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
  void run();
  void deliver_once();

  store::Database& database_;
  app::MailDeliverySettings settings_;
  std::chrono::milliseconds poll_interval_;
  const std::string worker_;  // this process in the outbox's claimed_by
  std::atomic<bool> stopping_ = false;
  app::SmtpTransport transport_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace keyward::jobs
