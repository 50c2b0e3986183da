#include "jobs/webhook_sender.hpp"

#include "app/webhook_delivery.hpp"

namespace keyward::jobs {

WebhookSender::WebhookSender(store::Database& database, app::DeliverySettings settings,
                             std::chrono::milliseconds poll_interval)
    : database_(database),
      settings_(settings),
      worker_("webhooks", settings_.batch, poll_interval),
      transport_(worker_.stopping()) {
  worker_.start(
      [this](const std::string& worker, const std::atomic<bool>& stopping) {
        return app::deliver_due_webhooks(database_, transport_, settings_, worker, stopping);
      },
      [this](const std::string& worker) { app::release_webhook_claims(database_, worker); });
}

WebhookSender::~WebhookSender() { worker_.stop(); }

}  // namespace keyward::jobs
