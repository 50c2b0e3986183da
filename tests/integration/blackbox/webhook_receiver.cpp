#include "webhook_receiver.hpp"

#include <fstream>
#include <stdexcept>

#include "json_records.hpp"
#include "smtp_sink.hpp"

namespace keyward::test {

WebhookReceiver::WebhookReceiver(std::uint16_t port, int fail_first) : port_(port) {
  process_ = std::make_unique<Process>(ProcessOptions{
      .argv = {"/usr/bin/python3",
               std::string(KEYWARD_SOURCE_DIR) + "/tests/support/webhook_receiver.py",
               std::to_string(port), dir_.path().string(), std::to_string(fail_first)}});
  if (!wait_until_listening(port, std::chrono::seconds(15))) {
    throw std::runtime_error("the webhook receiver did not start: " + process_->stderr_text());
  }
}

void WebhookReceiver::set_secret(const std::string& secret) const {
  std::ofstream(dir_.path() / "secret") << secret;
}

std::vector<boost::json::object> WebhookReceiver::requests() const {
  return read_json_records(dir_.path());
}

std::vector<boost::json::object> WebhookReceiver::wait_for(
    std::size_t count, std::chrono::milliseconds timeout) const {
  return wait_for_json_records(dir_.path(), count, timeout);
}

}  // namespace keyward::test
