#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

bool contains(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

TEST(Metrics, CountsPerMethodRouteAndStatus) {
  Metrics metrics;
  metrics.observe("GET", "/items/{id}", 200, 0.002);
  metrics.observe("GET", "/items/{id}", 200, 0.2);
  metrics.observe("GET", "unmatched", 404, 0.0001);
  const auto text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "# TYPE keyward_http_requests_total counter\n"));
  EXPECT_TRUE(contains(
      text,
      "keyward_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(
      text, "keyward_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics metrics;
  metrics.observe("POST", "/a", 201, 0.002);
  metrics.observe("POST", "/a", 201, 0.2);
  metrics.observe("POST", "/a", 201, 30);
  const auto text = metrics.render_prometheus();
  const std::string series = "{method=\"POST\",route=\"/a\",status=\"201\"";
  EXPECT_TRUE(contains(text, "# TYPE keyward_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(
      text, "keyward_http_request_duration_seconds_bucket" + series + ",le=\"0.0005\"} 0\n"));
  EXPECT_TRUE(contains(
      text, "keyward_http_request_duration_seconds_bucket" + series + ",le=\"0.0025\"} 1\n"));
  EXPECT_TRUE(contains(
      text, "keyward_http_request_duration_seconds_bucket" + series + ",le=\"0.25\"} 2\n"));
  EXPECT_TRUE(
      contains(text, "keyward_http_request_duration_seconds_bucket" + series + ",le=\"10\"} 2\n"));
  EXPECT_TRUE(contains(
      text, "keyward_http_request_duration_seconds_bucket" + series + ",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(text, "keyward_http_request_duration_seconds_count" + series + "} 3\n"));
  EXPECT_TRUE(contains(text, "keyward_http_request_duration_seconds_sum" + series + "} 30.202\n"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.observe("GET", "/a\"b\\c\nd", 200, 0.001);
  EXPECT_TRUE(contains(metrics.render_prometheus(), "route=\"/a\\\"b\\\\c\\nd\""));
}

TEST(Metrics, ReportsUptime) {
  Metrics metrics;
  const auto text = metrics.render_prometheus();
  EXPECT_TRUE(contains(text, "# TYPE keyward_process_uptime_seconds gauge\n"));
  EXPECT_TRUE(contains(text, "\nkeyward_process_uptime_seconds "));
}

}  // namespace
}  // namespace keyward::http
