#pragma once
// A real HTTP receiver for the webhook tests: tests/support/webhook_receiver.py, which checks
// each request's signature with Python's hmac and writes it as a JSON file (path, Keyward
// headers, signature_valid, signature_fresh, the parsed body).

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {

class WebhookReceiver {
 public:
  // Listens on 127.0.0.1:`port`; the first `fail_first` requests are answered 500.
  explicit WebhookReceiver(std::uint16_t port, int fail_first = 0);
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The secret the receiver checks signatures with (shown once when the webhook is created).
  void set_secret(const std::string& secret) const;
  std::vector<boost::json::object> requests() const;
  std::vector<boost::json::object> wait_for(std::size_t count,
                                            std::chrono::milliseconds timeout) const;

 private:
  std::uint16_t port_;
  TempDir dir_{"keyward-webhooks-"};
  std::unique_ptr<Process> process_;
};

}  // namespace keyward::test
