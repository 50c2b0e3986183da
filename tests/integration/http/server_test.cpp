#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <future>
#include <regex>
#include <thread>

#include "core/error.hpp"
#include "http/client.hpp"
#include "raw_socket.hpp"
#include "test_server.hpp"

namespace keyward::http {
namespace {

using namespace std::chrono_literals;
using testing::RawConnection;
using testing::RunningServer;

std::string error_code_of(const Response& response) {
  return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.add(Method::get, "/hello", [](Request&) { return text_response(200, "hello"); });
    router_.add(Method::get, "/items/{id}", [](Request& request) {
      std::string statuses;
      for (const auto& status : request.query_params("status")) statuses += "[" + status + "]";
      return text_response(200, request.path_param("id") + "|" + statuses + "|" +
                                    request.query_param("q").value_or(""));
    });
    router_.add(Method::post, "/items", [](Request& request) {
      return json_response(201, {{"received", request.json()}});
    });
    router_.add(Method::post, "/upload", [](Request& request) {
      return text_response(200, std::to_string(request.body.size()));
    });
    router_.add(Method::get, "/whoami", [](Request& request) {
      return text_response(200, request.request_id + " " + request.remote_address +
                                    (request.tls ? " tls" : " plain"));
    });
    router_.add(Method::get, "/echo-header", [](Request& request) {
      Response response = text_response(200, "ok");
      response.set_header("x-note", request.query_param("note").value_or(""));
      response.set_header("content-length", "999");
      return response;
    });
    router_.add(Method::get, "/conflict", [](Request&) -> Response {
      throw core::Error(core::ErrorKind::conflict, "no_free_activations", "all seats in use");
    });
    router_.add(Method::get, "/boom", [](Request&) -> Response {
      throw std::runtime_error("password=hunter2 in /etc/keyward");
    });
    router_.add(Method::get, "/slow", [this](Request&) {
      slow_started_ = true;
      std::this_thread::sleep_for(600ms);
      return text_response(200, "slow done");
    });
    router_.add(Method::get, "/metrics", [this](Request&) {
      return text_response(200, server_->metrics().render_prometheus(),
                           "text/plain; version=0.0.4");
    });
  }

  RunningServer& start(ServerOptions options = {}) {
    server_.emplace(router_, std::move(options));
    return *server_;
  }

  Client client() { return Client("127.0.0.1", server_->port()); }

  Router router_;
  std::atomic<bool> slow_started_{false};
  std::optional<RunningServer> server_;
};

TEST_F(ServerTest, RoutesWithDecodedPathParamsAndRepeatedQuery) {
  start();
  auto http = client();
  const auto response = http.get("/items/a%20b?status=active&status=expired&q=x+y%26z");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "a b|[active][expired]|x y&z");
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  start();
  auto http = client();
  const auto response = http.get("/does/not/exist");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(error_code_of(response), "not_found");
}

TEST_F(ServerTest, OtherMethodIs405WithAllow) {
  start();
  auto http = client();
  const auto response = http.request(Method::del, "/hello");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(error_code_of(response), "method_not_allowed");
  EXPECT_EQ(response.header("allow"), "GET, HEAD");
}

TEST_F(ServerTest, HeadAnswersWithGetLengthAndNoBody) {
  start();
  auto http = client();
  const auto head = http.request(Method::head, "/hello");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "5");
  EXPECT_EQ(head.body, "");
  // The connection is still in a clean state for the next request.
  EXPECT_EQ(http.get("/hello").body, "hello");
}

TEST_F(ServerTest, InvalidJsonIs400InvalidJson) {
  start();
  auto http = client();
  EXPECT_EQ(http.post("/items", R"({"a":1})").status, 201);
  const auto response = http.post("/items", R"({"a":)");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(error_code_of(response), "invalid_json");
  const auto deep = http.post("/items", std::string(100, '[') + std::string(100, ']'));
  EXPECT_EQ(deep.status, 400);
  EXPECT_EQ(error_code_of(deep), "invalid_json");
}

TEST_F(ServerTest, BodyUpToTheLimitIsAccepted) {
  start();
  auto http = client();
  const auto response =
      http.post("/upload", std::string(1024 * 1024, 'x'), {{"content-type", "text/plain"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "1048576");
}

TEST_F(ServerTest, BodyOverTheLimitIs413AndCloses) {
  start();
  auto http = client();
  const auto response = http.post("/upload", std::string(1024 * 1024 + 1, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(error_code_of(response), "payload_too_large");
  EXPECT_EQ(response.header("connection"), "close");
  EXPECT_TRUE(response.header("x-request-id"));
  // The client notices the close and carries on with a new connection.
  EXPECT_EQ(http.get("/hello").status, 200);
  // The refused request is still counted under its method; the series is recorded right after
  // the response was written, so allow it a moment.
  const std::string series =
      "keyward_http_requests_total{method=\"POST\",route=\"unmatched\",status=\"413\"} 1";
  for (int i = 0;
       i < 100 && server_->metrics().render_prometheus().find(series) == std::string::npos; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(server_->metrics().render_prometheus().find(series), std::string::npos);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  start({.body_limit = 1000});
  RawConnection raw(server_->port());
  const std::string chunk(600, 'x');
  raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
           "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
  bool closed = false;
  const auto answer = raw.read_until_close(5s, &closed);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413 ")) << answer;
  EXPECT_TRUE(closed);
}

TEST_F(ServerTest, ARouteWithItsOwnBodyLimitTakesLargerBodiesAndOnlyIt) {
  router_.add(
      Method::post, "/big-upload",
      [](Request& request) { return text_response(200, std::to_string(request.body.size())); },
      Execution::worker_pool, 4 * 1024 * 1024);
  start();
  auto http = client();
  const std::string three_mib(3 * 1024 * 1024, 'x');
  const auto accepted = http.post("/big-upload", three_mib, {{"content-type", "text/plain"}});
  EXPECT_EQ(accepted.status, 200);
  EXPECT_EQ(accepted.body, "3145728");
  // Every other route keeps the server's limit.
  EXPECT_EQ(http.post("/upload", three_mib).status, 413);
  const auto refused = http.post("/big-upload", std::string(5 * 1024 * 1024, 'x'));
  EXPECT_EQ(refused.status, 413);
  EXPECT_NE(refused.body.find("exceeds 4194304 bytes"), std::string::npos) << refused.body;
}

TEST_F(ServerTest, FileRangesAreStreamedAfterTheBody) {
  char path[] = "/tmp/keyward-body-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::unlink(path);  // the descriptor keeps the bytes
  std::string content;
  for (int i = 0; content.size() < 1024 * 1024; ++i) content += std::to_string(i) + ",";
  ASSERT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  const auto owner = std::shared_ptr<const void>(nullptr, [fd](const void*) { ::close(fd); });
  constexpr std::uint64_t offset = 10;
  constexpr std::uint64_t length = 700000;  // several chunks, the last one partial
  router_.add(Method::get, "/file", [owner, fd](Request&) {
    Response response = text_response(200, "head-");
    response.more_body.emplace_back(FileRange{owner, fd, offset, length});
    response.more_body.emplace_back(std::string("-tail"));
    return response;
  });
  start();
  auto http = client();
  const std::string expected = "head-" + content.substr(offset, length) + "-tail";
  const auto response = http.get("/file");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-length"), std::to_string(expected.size()));
  EXPECT_TRUE(response.body == expected) << "body differs";
  const auto head = http.request(Method::head, "/file");
  EXPECT_EQ(head.header("content-length"), std::to_string(expected.size()));
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(http.get("/hello").body, "hello");  // the connection is still in step
}

TEST_F(ServerTest, OversizeHeaderSectionIs431) {
  start();
  auto http = client();
  const auto response = http.get("/hello", {{"x-filler", std::string(20 * 1024, 'h')}});
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(error_code_of(response), "headers_too_large");
}

TEST_F(ServerTest, MalformedHttpIs400AndCloses) {
  start();
  RawConnection raw(server_->port());
  raw.send("THIS IS NOT HTTP\r\n\r\n");
  bool closed = false;
  const auto answer = raw.read_until_close(5s, &closed);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << answer;
  EXPECT_NE(answer.find("\"bad_request\""), std::string::npos);
  EXPECT_TRUE(closed);
}

TEST_F(ServerTest, RequestIdIsGeneratedOrTakenFromASafeHeader) {
  start();
  auto http = client();
  const auto generated = http.get("/whoami");
  const auto id = generated.header("x-request-id").value_or("");
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{32}"))) << id;
  EXPECT_EQ(generated.body, id + " 127.0.0.1 plain");
  EXPECT_NE(http.get("/whoami").header("x-request-id"), id);

  const auto echoed = http.get("/whoami", {{"x-request-id", "lb-7.Abc_9"}});
  EXPECT_EQ(echoed.header("x-request-id"), "lb-7.Abc_9");
  EXPECT_EQ(echoed.body, "lb-7.Abc_9 127.0.0.1 plain");

  for (const std::string& unsafe :
       {std::string("has space"), std::string("a\"b"), std::string(65, 'a')}) {
    const auto replaced = http.get("/whoami", {{"x-request-id", unsafe}});
    EXPECT_TRUE(
        std::regex_match(replaced.header("x-request-id").value_or(""), std::regex("[0-9a-f]{32}")))
        << unsafe;
  }
  EXPECT_EQ(http.get("/whoami", {{"x-request-id", std::string(64, 'a')}}).header("x-request-id"),
            std::string(64, 'a'));
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  start();
  auto http = client();
  for (const std::string target : {"/hello", "/nope", "/boom"}) {
    const auto response = http.get(target);
    EXPECT_EQ(response.header("content-security-policy"),
              "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        << target;
    EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(response.header("x-frame-options"), "DENY");
    EXPECT_EQ(response.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(response.header("server"), "Keyward");
    EXPECT_FALSE(response.header("strict-transport-security")) << "HSTS only over TLS";
  }
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  start();
  auto http = client();
  http.get("/items/1");
  http.get("/items/2");
  http.get("/random/path/123");
  http.request(Method::head, "/hello");
  // Same connection: each request is observed before the server reads the next one.
  const auto text = http.get("/metrics").body;
  EXPECT_NE(
      text.find(
          "keyward_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("keyward_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"),
      std::string::npos);
  EXPECT_NE(
      text.find("keyward_http_requests_total{method=\"HEAD\",route=\"/hello\",status=\"200\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("keyward_http_request_duration_seconds_bucket{method=\"GET\",route=\"/"
                      "items/{id}\",status=\"200\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_EQ(text.find("/random/path"), std::string::npos) << "raw paths must not become labels";
  EXPECT_NE(text.find("keyward_process_uptime_seconds "), std::string::npos);
}

TEST_F(ServerTest, HandlerHeadersCannotSplitTheResponseOrBreakFraming) {
  start();
  auto http = client();
  const auto response = http.get("/echo-header?note=a%0D%0ASet-Cookie:%20evil=1");
  EXPECT_EQ(response.header("x-note"), "a  Set-Cookie: evil=1");
  EXPECT_FALSE(response.header("set-cookie"));
  EXPECT_EQ(response.header("content-length"), "2");
  EXPECT_EQ(http.get("/hello").body, "hello");
}

TEST_F(ServerTest, CoreErrorBecomesItsStatusAndCode) {
  start();
  auto http = client();
  const auto response = http.get("/conflict");
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(error_code_of(response), "no_free_activations");
}

TEST_F(ServerTest, UnknownExceptionIs500WithoutTheDetail) {
  start();
  auto http = client();
  const auto response = http.get("/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(error_code_of(response), "internal_error");
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  RawConnection raw(server_->port());
  // Two requests in one write: the second waits in the buffer while the first is handled.
  raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /items/9 HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto first = raw.read_until("hello", 5s);
  EXPECT_TRUE(first.starts_with("HTTP/1.1 200 ")) << first;
  const auto second = raw.read_until("9||", 5s);
  EXPECT_NE(second.find("HTTP/1.1 200 "), std::string::npos) << second;
  EXPECT_TRUE(raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(raw.read_until("hello", 5s).find("HTTP/1.1 200 "), std::string::npos);
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  start();
  RawConnection raw(server_->port());
  raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(raw.read_until("\r\n\r\n", 5s), "HTTP/1.1 100 Continue\r\n\r\n");
  raw.send("abc");
  EXPECT_NE(raw.read_until("\r\n\r\n3", 5s).find("HTTP/1.1 200 "), std::string::npos);
}

TEST_F(ServerTest, ClientReconnectsAfterTheServerClosedAnIdleConnection) {
  start({.idle_timeout = 100ms});
  auto http = client();
  EXPECT_EQ(http.get("/hello").status, 200);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(http.get("/hello").status, 200);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  start({.idle_timeout = 200ms});
  RawConnection raw(server_->port());
  bool closed = false;
  raw.read_until_close(3s, &closed);
  EXPECT_TRUE(closed);
}

TEST_F(ServerTest, SlowRequestIsCutOffAtTheRequestTimeout) {
  start({.request_timeout = 300ms});
  RawConnection raw(server_->port());
  const auto started = std::chrono::steady_clock::now();
  raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n");
  for (int i = 0; i < 10 && raw.send("X-Drip: 1\r\n"); ++i) std::this_thread::sleep_for(100ms);
  bool closed = false;
  raw.read_until_close(5s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

// At the cap a new connection takes the place of one that waits for its client (here an idle
// keep-alive connection), so idle sockets cannot lock clients out.
TEST_F(ServerTest, AConnectionOverTheCapReplacesTheLongestWaiting) {
  start({.max_connections = 2});
  RawConnection oldest(server_->port());
  oldest.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(oldest.read_until("hello", 5s).find("200"), std::string::npos);
  std::this_thread::sleep_for(20ms);
  RawConnection newer(server_->port());
  newer.send("GET /hello HTTP/1.1\r\nHost: x\r\n");  // a request still being sent
  std::this_thread::sleep_for(20ms);
  RawConnection third(server_->port());
  third.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(third.read_until("hello", 5s).find("200"), std::string::npos);
  bool closed = false;
  EXPECT_EQ(oldest.read_until_close(5s, &closed), "");
  EXPECT_TRUE(closed) << "the idle connection made room";
  newer.send("\r\n");
  EXPECT_NE(newer.read_until("hello", 5s).find("200"), std::string::npos) << "the newer one stays";
  const std::string metrics = server_->metrics().render_prometheus();
  EXPECT_NE(metrics.find("keyward_http_connections_dropped_total{reason=\"evicted\"} 1\n"),
            std::string::npos)
      << metrics;
}

// A connection whose request is being handled is never dropped for a new one: over the cap,
// the new connection is closed.
TEST_F(ServerTest, AConnectionOverTheCapIsClosedWhileEveryOtherIsHandled) {
  start({.max_connections = 1});
  auto in_flight = std::async(std::launch::async, [this] { return client().get("/slow"); });
  while (!slow_started_) std::this_thread::sleep_for(5ms);
  RawConnection refused(server_->port());
  refused.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  bool closed = false;
  EXPECT_EQ(refused.read_until_close(5s, &closed), "");
  EXPECT_TRUE(closed);
  EXPECT_EQ(in_flight.get().body, "slow done");
  const std::string metrics = server_->metrics().render_prometheus();
  EXPECT_NE(metrics.find("keyward_http_connections_dropped_total{reason=\"refused\"} 1\n"),
            std::string::npos)
      << metrics;
}

TEST_F(ServerTest, StopLetsTheInFlightRequestFinish) {
  start();
  RawConnection idle(server_->port());
  idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(idle.read_until("hello", 5s).find("200"), std::string::npos);

  auto in_flight = std::async(std::launch::async, [this] { return client().get("/slow"); });
  while (!slow_started_) std::this_thread::sleep_for(5ms);
  const auto stop_started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 5s);

  const auto response = in_flight.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "slow done");
  EXPECT_EQ(response.header("connection"), "close");
  bool closed = false;
  idle.read_until_close(1s, &closed);
  EXPECT_TRUE(closed) << "idle keep-alive connections are closed on shutdown";
  EXPECT_THROW(client().get("/hello"), core::Error);
}

TEST_F(ServerTest, StopDropsRequestsThatOutlastTheGracePeriod) {
  start({.shutdown_grace = 100ms});
  auto in_flight = std::async(std::launch::async, [this] {
    auto http = client();
    return http.get("/slow");
  });
  while (!slow_started_) std::this_thread::sleep_for(5ms);
  const auto stop_started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 550ms);
  // Destroying the server waits for the handler, then drops its unanswered connection.
  server_.reset();
  EXPECT_THROW(in_flight.get(), core::Error);
}

TEST_F(ServerTest, SigtermStopsTheServer) {
  auto& server = start();
  EXPECT_EQ(client().get("/hello").status, 200);  // run() is serving, so its signal set is armed
  std::raise(SIGTERM);
  EXPECT_TRUE(server.joins_within(5s));
}

TEST_F(ServerTest, ConcurrentClientsAllGetTheirAnswers) {
  start({.io_threads = 2, .worker_threads = 4});
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 8; ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      auto http = client();
      int ok = 0;
      for (int i = 0; i < 100; ++i) {
        const std::string id = std::to_string(c) + "-" + std::to_string(i);
        const auto response = http.get("/items/" + id);
        ok += response.status == 200 && response.body == id + "||";
      }
      return ok;
    }));
  }
  for (auto& result : clients) EXPECT_EQ(result.get(), 100);
}

TEST(ServerStartup, PortInUseIsUnavailable) {
  Router router;
  Metrics metrics;
  Server first(testing::on_free_port(), router, metrics);
  ServerOptions taken;
  taken.port = first.port();
  try {
    Server second(taken, router, metrics);
    FAIL() << "bound a port that is in use";
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::unavailable);
    EXPECT_NE(std::string(error.what()).find(std::to_string(first.port())), std::string::npos);
  }
}

TEST(ServerStartup, MissingCertificateIsUnavailable) {
  Router router;
  Metrics metrics;
  auto options = testing::on_free_port();
  options.tls_cert_file = "/nonexistent/cert.pem";
  options.tls_key_file = "/nonexistent/key.pem";
  try {
    Server server(options, router, metrics);
    FAIL() << "started without a certificate";
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::unavailable);
    EXPECT_NE(std::string(error.what()).find("/nonexistent/cert.pem"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace keyward::http
