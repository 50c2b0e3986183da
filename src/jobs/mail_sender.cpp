#include "jobs/mail_sender.hpp"

#include <spdlog/spdlog.h>

namespace keyward::jobs {

MailSender::MailSender(store::Database& database, const std::string& smtp_url,
                       app::SmtpSecurity security, app::MailDeliverySettings settings,
                       std::chrono::milliseconds poll_interval)
    : database_(database),
      settings_(std::move(settings)),
      worker_("mail", settings_.delivery.batch, poll_interval),
      transport_(smtp_url, std::move(security), worker_.stopping()) {
  worker_.start(
      [this](const std::string& worker, const std::atomic<bool>& stopping) {
        return app::deliver_due_mails(database_, transport_, settings_, worker, stopping);
      },
      [this](const std::string& worker) { app::release_mail_claims(database_, worker); });
  spdlog::info("mail: sending the outbox through {} as {}",
               app::smtp_url_without_credentials(smtp_url), settings_.sender);
}

MailSender::~MailSender() { worker_.stop(); }

}  // namespace keyward::jobs
