#pragma once
// The HTTP(S) server: Boost.Beast with C++20 coroutines. Handlers run on a worker pool (they
// may block on the database); the I/O threads only parse and write.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace keyward::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                 // 0 picks a free port (see Server::port)
  std::optional<std::string> tls_cert_file;  // PEM chain; TLS is on when both files are given
  std::optional<std::string> tls_key_file;
  bool json_access_log = false;
  std::size_t body_limit = 1024 * 1024;  // larger bodies get 413
  std::size_t header_limit = 16 * 1024;  // a larger header section gets 431
  unsigned io_threads = 1;
  unsigned worker_threads = 4;
  // At the limit a new connection replaces the one that has waited longest for its client
  // (idle, or sending its request slowly); it is closed right after accept only when every
  // connection is being handled. Lowered to what the open-file limit allows.
  std::size_t max_connections = 10000;
  // A request (headers and body) must arrive within request_timeout of its first byte, so a
  // slow client cannot hold a connection; an idle keep-alive connection closes after
  // idle_timeout.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  // How long stop() waits for in-flight requests before dropping them.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
};

class Server {
 public:
  // Binds the listening socket and loads the TLS certificate and key; throws core::Error
  // unavailable with a one-line message when either fails.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  std::uint16_t port() const;
  // Serves until SIGINT/SIGTERM or stop(); then stops accepting, closes idle keep-alive
  // connections, lets in-flight requests finish and be written (bounded by shutdown_grace)
  // and returns. Responses written during shutdown carry "Connection: close".
  void run();
  // Thread-safe; may be called before, during or after run().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keyward::http
