#pragma once
// Prometheus metrics: request counts and latency histograms per method, route pattern and
// status, plus the process uptime. Thread-safe; rendered in the text exposition format for
// GET /metrics. Callers pass the route pattern, never the raw path, so the number of series
// stays bounded ("unmatched" for paths no route knows).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace keyward::http {

class Metrics {
 public:
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  // A connection closed at the connection limit: the longest-waiting one evicted for a new
  // one, or (`evicted` false) the new one refused because every connection was being handled.
  void connection_dropped(bool evicted);
  std::string render_prometheus() const;

 private:
  std::atomic<std::uint64_t> evicted_{0};
  std::atomic<std::uint64_t> refused_{0};
  struct Series {
    std::vector<std::uint64_t> bucket_counts;
    std::uint64_t count = 0;
    double sum = 0;
  };
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  mutable std::mutex mutex_;
  // std::less<> finds a series by views, without building its key's strings per request.
  std::map<std::tuple<std::string, std::string, int>, Series, std::less<>> series_;
};

}  // namespace keyward::http
