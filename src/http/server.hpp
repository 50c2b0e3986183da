#pragma once
// The HTTP(S) server: Boost.Beast with C++20 coroutines. Handlers run on a worker pool (they
// may block on the database); the I/O threads only parse and write.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace keyward::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (see Server::port)
  std::optional<std::string> tls_cert_file;
  std::optional<std::string> tls_key_file;
  bool json_access_log = false;
  std::size_t body_limit = 1024 * 1024;  // larger bodies get 413
  unsigned io_threads = 1;
  unsigned worker_threads = 4;
};

class Server {
 public:
  // Binds the listening socket (throws core::Error unavailable with a clear message when it
  // cannot) and loads the TLS certificate when given.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  std::uint16_t port() const;
  // Serves until SIGINT/SIGTERM or stop(); then stops accepting, lets in-flight requests
  // finish (bounded), closes idle keep-alive connections and returns.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keyward::http
