#include "http/metrics.hpp"

#include <array>
#include <cstdio>

namespace keyward::http {

namespace {

// From a cached lookup (0.5 ms) to the request timeout's order of magnitude (10 s).
constexpr std::array<double, 14> bucket_bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,    0.25,  0.5,    1,     2.5,  5,     10};

std::string escape_label(const std::string& value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string format_double(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto found = series_.find(std::tuple(method, route, status));
  if (found == series_.end()) {
    found = series_.emplace(std::tuple(std::string(method), std::string(route), status), Series{})
                .first;
    found->second.bucket_counts.resize(bucket_bounds.size());
  }
  auto& series = found->second;
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
    if (seconds <= bucket_bounds[i]) ++series.bucket_counts[i];
  }
  ++series.count;
  series.sum += seconds;
}

void Metrics::connection_dropped(bool evicted) {
  (evicted ? evicted_ : refused_).fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render_prometheus() const {
  std::string counters =
      "# HELP keyward_http_requests_total HTTP requests by method, route pattern and status.\n"
      "# TYPE keyward_http_requests_total counter\n";
  std::string histograms =
      "# HELP keyward_http_request_duration_seconds Time from a complete request to its "
      "written response.\n"
      "# TYPE keyward_http_request_duration_seconds histogram\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, series] : series_) {
      const auto& [method, route, status] = key;
      const std::string labels = "method=\"" + escape_label(method) + "\",route=\"" +
                                 escape_label(route) + "\",status=\"" + std::to_string(status) +
                                 "\"";
      counters +=
          "keyward_http_requests_total{" + labels + "} " + std::to_string(series.count) + "\n";
      for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
        histograms += "keyward_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
                      format_double(bucket_bounds[i]) + "\"} " +
                      std::to_string(series.bucket_counts[i]) + "\n";
      }
      histograms += "keyward_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
                    std::to_string(series.count) + "\n";
      histograms += "keyward_http_request_duration_seconds_sum{" + labels + "} " +
                    format_double(series.sum) + "\n";
      histograms += "keyward_http_request_duration_seconds_count{" + labels + "} " +
                    std::to_string(series.count) + "\n";
    }
  }
  const std::chrono::duration<double> uptime = std::chrono::steady_clock::now() - started_;
  return counters + histograms +
         "# HELP keyward_http_connections_dropped_total Connections closed at the connection "
         "limit: the longest-waiting one evicted for a new one, or the new one refused while "
         "every connection was being handled.\n"
         "# TYPE keyward_http_connections_dropped_total counter\n"
         "keyward_http_connections_dropped_total{reason=\"evicted\"} " +
         std::to_string(evicted_.load(std::memory_order_relaxed)) +
         "\nkeyward_http_connections_dropped_total{reason=\"refused\"} " +
         std::to_string(refused_.load(std::memory_order_relaxed)) + "\n" +
         "# HELP keyward_process_uptime_seconds Seconds since the server started.\n"
         "# TYPE keyward_process_uptime_seconds gauge\n"
         "keyward_process_uptime_seconds " +
         format_double(uptime.count()) + "\n";
}

}  // namespace keyward::http
