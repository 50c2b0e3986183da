#pragma once
// A real SMTP server for the mail tests: `python3 -m aiosmtpd` with tests/support/smtp_sink.py,
// which writes every received message as a JSON file (envelope, decoded headers, bodies).

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {

// A sink that speaks TLS: from the first byte (SMTPS), or after STARTTLS, which it then
// requires before it takes a mail.
struct SmtpTls {
  enum class Mode { smtps, starttls } mode = Mode::smtps;
  std::string cert;  // PEM files
  std::string key;
};

class SmtpSink {
 public:
  // Listens on 127.0.0.1:`port`; returns once it accepts connections.
  explicit SmtpSink(std::uint16_t port, const std::optional<SmtpTls>& tls = std::nullopt);
  std::uint16_t port() const { return port_; }
  // smtps:// for a SMTPS sink, else smtp://.
  std::string url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }
  // The messages received so far, in arrival order.
  std::vector<boost::json::object> messages() const;
  // Waits until at least `count` messages arrived; the messages then.
  std::vector<boost::json::object> wait_for(std::size_t count,
                                            std::chrono::milliseconds timeout) const;

 private:
  std::uint16_t port_;
  std::string scheme_ = "smtp";
  TempDir dir_{"keyward-smtp-"};
  std::unique_ptr<Process> process_;
};

// True once something accepts TCP connections on 127.0.0.1:`port`.
bool wait_until_listening(std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace keyward::test
