#pragma once
// The server's webhook worker: a jobs::QueueWorker that delivers webhook deliveries
// (app/webhook_delivery). It needs no configuration, so every server runs it.

#include <chrono>

#include "app/queue_delivery.hpp"
#include "app/webhook_transport.hpp"
#include "jobs/queue_worker.hpp"
#include "store/database.hpp"

namespace keyward::jobs {

class WebhookSender {
 public:
  WebhookSender(store::Database& database, app::DeliverySettings settings,
                std::chrono::milliseconds poll_interval = std::chrono::seconds(1));
  // Stops the loop: a running request is aborted, and claimed deliveries are handed back.
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

 private:
  store::Database& database_;
  app::DeliverySettings settings_;
  QueueWorker worker_;
  app::WebhookTransport transport_;
};

}  // namespace keyward::jobs
