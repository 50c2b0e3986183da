#pragma once
// Prometheus metrics: request counts and latency histograms per method, route pattern and
// status. Thread-safe; rendered in the text exposition format for GET /metrics.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace keyward::http {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  std::string render_prometheus() const;

 private:
  struct Series {
    std::vector<std::uint64_t> bucket_counts;
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;
};

}  // namespace keyward::http
