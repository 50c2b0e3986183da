#include "smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "json_records.hpp"

namespace keyward::test {
namespace {

bool accepts_connections(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

}  // namespace

bool wait_until_listening(std::uint16_t port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!accepts_connections(port)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

SmtpSink::SmtpSink(std::uint16_t port, const std::optional<SmtpTls>& tls) : port_(port) {
  // Debian's Python has aiosmtpd; a `python3` on PATH may be a pyenv shim without it.
  std::vector<std::string> argv{
      "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port)};
  if (tls) {
    const bool smtps = tls->mode == SmtpTls::Mode::smtps;
    if (smtps) scheme_ = "smtps";
    argv.insert(argv.end(), {smtps ? "--smtpscert" : "--tlscert", tls->cert,
                             smtps ? "--smtpskey" : "--tlskey", tls->key});
  }
  argv.insert(argv.end(), {"-c", "smtp_sink.JsonDirectory", dir_.path().string()});
  process_ = std::make_unique<Process>(
      ProcessOptions{.argv = std::move(argv),
                     .env = {{"PYTHONPATH", std::string(KEYWARD_SOURCE_DIR) + "/tests/support"}}});
  if (!wait_until_listening(port, std::chrono::seconds(15))) {
    throw std::runtime_error("the SMTP sink did not start: " + process_->stderr_text());
  }
}

std::vector<boost::json::object> SmtpSink::messages() const {
  return read_json_records(dir_.path());
}

std::vector<boost::json::object> SmtpSink::wait_for(std::size_t count,
                                                    std::chrono::milliseconds timeout) const {
  return wait_for_json_records(dir_.path(), count, timeout);
}

}  // namespace keyward::test
