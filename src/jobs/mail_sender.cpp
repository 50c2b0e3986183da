#include "jobs/mail_sender.hpp"

#include <spdlog/spdlog.h>

#include "jobs/worker_name.hpp"

namespace keyward::jobs {

MailSender::MailSender(store::Database& database, const std::string& smtp_url,
                       app::SmtpSecurity security, app::MailDeliverySettings settings,
                       std::chrono::milliseconds poll_interval)
    : database_(database),
      settings_(std::move(settings)),
      poll_interval_(poll_interval),
      worker_(worker_name()),
      transport_(smtp_url, std::move(security), stopping_),
      thread_([this] { run(); }) {
  spdlog::info("mail: sending the outbox through {} as {}",
               app::smtp_url_without_credentials(smtp_url), settings_.sender);
}

MailSender::~MailSender() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void MailSender::run() {
  while (!stopping_) {
    deliver_once();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, poll_interval_, [this] { return stopping_.load(); });
  }
  try {
    app::release_mail_claims(database_, worker_);
  } catch (const std::exception& error) {
    spdlog::warn("mail: could not hand back claimed mails (their lease runs out): {}",
                 error.what());
  }
}

// Delivers until nothing is due, so a burst of mails does not wait a poll interval per batch.
// A failure (database briefly unreachable) is logged and retried at the next turn.
void MailSender::deliver_once() {
  try {
    while (!stopping_ && app::deliver_due_mails(database_, transport_, settings_, worker_,
                                                stopping_) == settings_.batch) {
    }
  } catch (const std::exception& error) {
    spdlog::warn("mail: delivery failed: {}", error.what());
  }
}

}  // namespace keyward::jobs
