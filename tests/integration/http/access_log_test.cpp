#include "http/access_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <sstream>

#include "test_server.hpp"

namespace keyward::http {
namespace {

// Captures the lines of the "access" logger, the one the server writes to when it exists.
class AccessLogTest : public ::testing::Test {
 protected:
  AccessLogTest() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    auto logger = std::make_shared<spdlog::logger>("access", sink);
    logger->set_pattern("%v");
    spdlog::register_logger(logger);
  }
  ~AccessLogTest() override { spdlog::drop("access"); }

  std::vector<boost::json::value> json_lines() const {
    std::vector<boost::json::value> parsed;
    std::istringstream in(lines_.str());
    for (std::string line; std::getline(in, line);) parsed.push_back(boost::json::parse(line));
    return parsed;
  }

  std::ostringstream lines_;
};

TEST_F(AccessLogTest, JsonLineHasEveryField) {
  write_access_log({"POST", "/agent/v1/checkin", 200, 42, 1.5, "abc", "10.0.0.1"}, true);
  const auto lines = json_lines();
  ASSERT_EQ(lines.size(), 1u);
  const auto& line = lines[0];
  EXPECT_EQ(line.at("method").as_string(), "POST");
  EXPECT_EQ(line.at("path").as_string(), "/agent/v1/checkin");
  EXPECT_EQ(line.at("status").as_int64(), 200);
  EXPECT_EQ(line.at("bytes").to_number<int>(), 42);
  EXPECT_DOUBLE_EQ(line.at("duration_ms").as_double(), 1.5);
  EXPECT_EQ(line.at("request_id").as_string(), "abc");
  EXPECT_EQ(line.at("remote").as_string(), "10.0.0.1");
}

TEST_F(AccessLogTest, ServerLogsOneLinePerRequestWithoutTheQueryString) {
  Router router;
  router.add(Method::get, "/search", [](Request&) { return text_response(200, "found"); });
  {
    ServerOptions options;
    options.json_access_log = true;
    testing::RunningServer server(router, options);
    Client http("127.0.0.1", server.port());
    http.get("/search?token=secret", {{"x-request-id", "req-1"}});
    http.get("/missing");
  }
  const auto lines = json_lines();
  ASSERT_EQ(lines.size(), 2u) << lines_.str();
  EXPECT_EQ(lines[0].at("path").as_string(), "/search");
  EXPECT_EQ(lines[0].at("status").as_int64(), 200);
  EXPECT_EQ(lines[0].at("bytes").to_number<int>(), 5);
  EXPECT_EQ(lines[0].at("request_id").as_string(), "req-1");
  EXPECT_EQ(lines[0].at("remote").as_string(), "127.0.0.1");
  EXPECT_EQ(lines[1].at("path").as_string(), "/missing");
  EXPECT_EQ(lines[1].at("status").as_int64(), 404);
  EXPECT_EQ(lines_.str().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace keyward::http
