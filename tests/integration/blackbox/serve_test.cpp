// `keyward serve` as an operator runs it: both databases, TLS, environment variables,
// graceful shutdown, clear failures.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

std::string error_code_of(const http::Response& response) {
  return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
}

class Serve : public ::testing::TestWithParam<std::string> {
 protected:
  std::string database_url() { return TestDatabase(GetParam(), dir_).url(); }
  TempDir dir_;
};

TEST_P(Serve, AnswersHealthReadinessAndMetrics) {
  KeywardServer server(database_url());
  auto client = server.client();
  EXPECT_EQ(client.get("/healthz").status, 200);
  const http::Response ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.header("content-type").value_or(""), "application/json");
  const http::Response metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("keyward_http_requests_total{method=\"GET\",route=\"/readyz\","
                              "status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("keyward_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_P(Serve, ErrorsAreJsonWithStableCodes) {
  KeywardServer server(database_url());
  auto client = server.client();
  const http::Response missing = client.get("/api/v1/no/such/route");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_code_of(missing), "not_found");
  const http::Response wrong_method = client.post("/healthz", "{}");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_NE(wrong_method.header("allow").value_or("").find("GET"), std::string::npos);
  EXPECT_EQ(error_code_of(wrong_method), "method_not_allowed");
  const http::Response oversize = client.post("/healthz", std::string(1024 * 1024 + 1, 'x'));
  EXPECT_EQ(oversize.status, 413);
}

TEST_P(Serve, EveryResponseCarriesSecurityHeadersAndARequestId) {
  KeywardServer server(database_url());
  auto client = server.client();
  const http::Response response = client.get("/healthz", {{"x-request-id", "trace-42"}});
  EXPECT_EQ(response.header("x-request-id").value_or(""), "trace-42");
  EXPECT_NE(response.header("content-security-policy").value_or("").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(response.header("x-content-type-options").value_or(""), "nosniff");
  EXPECT_FALSE(client.get("/healthz").header("x-request-id").value_or("").empty());
}

TEST_P(Serve, StopsGracefullyOnSigterm) {
  KeywardServer server(database_url());
  EXPECT_EQ(server.client().get("/healthz").status, 200);
  EXPECT_EQ(server.stop(), 0);
  const std::string log = server.process().stdout_text() + server.process().stderr_text();
  EXPECT_NE(log.find("keyward stopped"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(Engines, Serve, ::testing::Values("sqlite", "postgres"));

TEST(ServeOnPostgres, TwoServersShareOneDatabase) {
  const std::string url = fresh_postgres_url();
  KeywardServer first(url);
  KeywardServer second(url);
  EXPECT_NE(first.port(), second.port());
  EXPECT_EQ(first.client().get("/readyz").status, 200);
  EXPECT_EQ(second.client().get("/readyz").status, 200);
}

TEST(ServeOptions, TakesItsOptionsFromTheEnvironment) {
  TempDir dir;
  const std::string db = "sqlite:" + (dir / "env.db").string();
  KeywardServer server(db, {}, {{"KEYWARD_LOG_FORMAT", "json"}});
  EXPECT_EQ(server.client().get("/healthz").status, 200);
  ASSERT_EQ(server.stop(), 0);
  const std::string log = server.process().stdout_text() + server.process().stderr_text();
  EXPECT_NE(log.find("\"path\":\"/healthz\""), std::string::npos) << log;
}

TEST(ServeOptions, ServesTlsWithTheGivenCertificate) {
  TempDir dir;
  const TlsFiles tls = self_signed_certificate(dir);
  KeywardServer server("sqlite:" + (dir / "tls.db").string(),
                       {"--tls-cert", tls.cert, "--tls-key", tls.key});
  const http::Response response = server.client(true).get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_FALSE(response.header("strict-transport-security").value_or("").empty());
}

TEST(ServeFailures, UnreachableDatabaseIsOneLineAndExitOne) {
  const RunResult result =
      run_keyward({"serve", "--db", "postgresql://postgres@127.0.0.1:1/x?connect_timeout=2",
                   "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(ServeFailures, BadOptionsAreRefusedBeforeServing) {
  TempDir dir;
  const std::string db = "sqlite:" + (dir / "x.db").string();
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--listen", "nowhere"},
        std::vector<std::string>{"--listen", "127.0.0.1:99999"},
        std::vector<std::string>{"--public-url", "ftp://x"},
        std::vector<std::string>{"--smtp", "http://mail"},
        std::vector<std::string>{"--smtp", "smtps://mailer:s3cr3t@"},
        std::vector<std::string>{"--smtp", "smtp://:2525"},
        std::vector<std::string>{"--mail-from", "not an address"},
        std::vector<std::string>{"--mail-retry-base-ms", "0"},
        std::vector<std::string>{"--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent"}}) {
    std::vector<std::string> args = {"serve", "--db", db};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult result = run_keyward(args);
    EXPECT_EQ(result.exit_code, 1) << extra[0] << ": " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.err.find("s3cr3t"), std::string::npos) << result.err;  // no password shown
  }
}

}  // namespace
}  // namespace keyward::test
