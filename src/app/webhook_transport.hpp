#pragma once
// POSTs one webhook delivery (libcurl): the JSON body, signed (core::webhook_signature) at the
// moment of the attempt. A 2xx answer is a delivery; anything else, or no answer, is a failed
// attempt that the queue retries. Redirects are not followed: the signature is for this URL.

#include <atomic>
#include <optional>
#include <string>

#include "core/webhook.hpp"

namespace keyward::app {

struct WebhookRequest {
  std::string url;
  std::string secret;
  core::Id delivery_id = 0;
  core::EventType event_type = core::EventType::test;
  std::string event_id;
  std::string body;
};

class WebhookTransport {
 public:
  // `cancel` aborts a running request (shutdown must not wait for a slow receiver).
  explicit WebhookTransport(const std::atomic<bool>& cancel) : cancel_(cancel) {}
  // Nothing when the receiver answered 2xx, else why not (for the delivery log).
  std::optional<std::string> send(const WebhookRequest& request, core::UnixTime now) const;

 private:
  const std::atomic<bool>& cancel_;
};

}  // namespace keyward::app
