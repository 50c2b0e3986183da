#pragma once
// Runs a Server on a free port in a background thread for the duration of a test.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "http/client.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace keyward::http::testing {

inline ServerOptions on_free_port(ServerOptions options = {}) {
  options.port = 0;
  return options;
}

class RunningServer {
 public:
  explicit RunningServer(const Router& router, ServerOptions options = {})
      : server_(on_free_port(std::move(options)), router, metrics_), thread_([this] {
          server_.run();
          finished_ = true;
        }) {}
  ~RunningServer() { stop(); }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  std::uint16_t port() const { return server_.port(); }
  Metrics& metrics() { return metrics_; }
  Server& server() { return server_; }
  // Stops the server and waits until run() has returned.
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }
  // Waits for run() to return on its own (after a signal), for at most `timeout`.
  bool joins_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!finished_ && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (finished_) thread_.join();
    return !thread_.joinable();
  }

 private:
  Metrics metrics_;
  std::atomic<bool> finished_{false};
  Server server_;
  std::thread thread_;
};

}  // namespace keyward::http::testing
