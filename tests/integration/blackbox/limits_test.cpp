// Hostile clients against a real `keyward serve` (issue 8, point 4): slow clients, too many
// connections, oversize headers and bodies, deeply nested JSON. Each attack runs while a
// normal device checks in over fresh connections; the check-ins must keep completing promptly
// and the attacker must get the documented answer.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Generous: the test machine is a loaded 2-core box; unprotected, these attacks stall a
// client for the whole request timeout (or forever).
constexpr milliseconds prompt = std::chrono::seconds(2);

// A raw TCP connection to the server, for what http::Client refuses to send.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False once the server has closed the connection.
  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // What the server sends until it closes the connection or `timeout` passes.
  std::string read_until_closed(milliseconds timeout) {
    std::string received;
    const auto deadline = Clock::now() + timeout;
    char buffer[16 * 1024];
    for (;;) {
      // Polls at least once: with no time left it still sees what has arrived.
      const auto left = std::max(
          std::chrono::duration_cast<milliseconds>(deadline - Clock::now()), milliseconds(0));
      pollfd poll_fd{fd_, POLLIN, 0};
      if (::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) return received;
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) {
        closed_ = true;
        return received;
      }
      received.append(buffer, static_cast<std::size_t>(got));
    }
  }

  // Whether the server has closed the connection (it sends nothing unasked).
  bool closed_by_server(milliseconds wait = milliseconds(0)) {
    if (!closed_) read_until_closed(wait);
    return closed_;
  }

 private:
  int fd_;
  bool closed_ = false;
};

// The status and JSON error code of a raw response ("HTTP/1.1 431 ...").
struct RawAnswer {
  int status = 0;
  std::string code;
};

RawAnswer parse_answer(const std::string& response) {
  RawAnswer answer;
  if (response.size() < 12 || !response.starts_with("HTTP/1.")) return answer;
  answer.status = std::stoi(response.substr(9, 3));
  const auto body = response.find("\r\n\r\n");
  if (body == std::string::npos) return answer;
  boost::system::error_code ec;
  const json::value value = json::parse(response.substr(body + 4), ec);
  if (!ec && value.is_object() && value.as_object().contains("error")) {
    answer.code = std::string(value.at("error").at("code").as_string());
  }
  return answer;
}

// Sends `request` on a new connection and reads the answer until the server closes.
RawAnswer send_raw(std::uint16_t port, const std::string& request) {
  RawConnection connection(port);
  connection.send(request);
  return parse_answer(connection.read_until_closed(std::chrono::seconds(10)));
}

std::string post_head(const std::string& path, const std::string& extra_headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         extra_headers;
}

class Limits : public ::testing::Test {
 protected:
  // A server with `extra_args`, a license and one activated device.
  void start(const std::vector<std::string>& extra_args) {
    TestDatabase database("sqlite", dir_);
    database.create_reseller_and_customer();
    const std::string key(database.issue_license(5).at("key").as_string());
    server_ = std::make_unique<KeywardServer>(database.url(), extra_args);
    const http::Response activated = server_->client().post(
        "/agent/v1/activate", activation_request(key, "limits-machine", "PC-LIMITS"));
    ASSERT_TRUE(activated.status == 200 || activated.status == 201) << activated.body;
    token_ = std::string(json::parse(activated.body).at("device_token").as_string());
  }

  std::uint16_t port() const { return server_->port(); }

  // One check-in of the normal device on a fresh connection; its duration.
  milliseconds timed_checkin() {
    const auto started = Clock::now();
    http::Client client("127.0.0.1", port(), false, std::chrono::seconds(30));
    const json::object report{{"client_version", "3.2.34"},
                              {"hostname", "PC-LIMITS"},
                              {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}}},
                              {"infections", 0},
                              {"protection", {{"realtime", true}, {"updates", true}}},
                              {"settings_revision", 0}};
    const http::Response response = client.post("/agent/v1/checkin", json::serialize(report),
                                                {{"authorization", "Bearer " + token_}});
    EXPECT_EQ(response.status, 200) << response.body;
    return std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  }

  // keyward_http_connections_dropped_total{reason="..."} from /metrics.
  std::int64_t dropped_connections(const std::string& reason) {
    const std::string metrics = server_->client().get("/metrics").body;
    const std::string series = "keyward_http_connections_dropped_total{reason=\"" + reason + "\"} ";
    const auto at = metrics.find(series);
    if (at == std::string::npos) throw std::runtime_error("no " + series + "in\n" + metrics);
    return std::stoll(metrics.substr(at + series.size()));
  }

  // `count` check-ins during an attack, each of which must be prompt.
  void expect_prompt_checkins(int count) {
    for (int i = 0; i < count; ++i) {
      const milliseconds took = timed_checkin();
      EXPECT_LT(took, prompt) << "check-in " << i << " took " << took.count() << " ms";
    }
  }

  // Runs `attack` in a loop on `threads` threads while normal check-ins go on; returns what
  // the attacks answered.
  std::vector<RawAnswer> during_attack(const std::function<RawAnswer()>& attack,
                                       int threads = 4) {
    std::atomic<bool> stop{false};
    std::mutex answers_mutex;
    std::vector<RawAnswer> answers;
    std::vector<std::thread> attackers;
    for (int i = 0; i < threads; ++i) {
      attackers.emplace_back([&] {
        while (!stop.load()) {
          RawAnswer answer = attack();
          std::lock_guard lock(answers_mutex);
          answers.push_back(std::move(answer));
        }
      });
    }
    std::this_thread::sleep_for(milliseconds(200));  // the attack is under way
    expect_prompt_checkins(10);
    stop = true;
    for (auto& attacker : attackers) attacker.join();
    return answers;
  }

  TempDir dir_;
  std::unique_ptr<KeywardServer> server_;
  std::string token_;
};

// Slowloris: many connections send their header one byte at a time. The header timeout cuts
// every one of them off without an answer, and other clients are served meanwhile.
TEST_F(Limits, SlowClientsAreCutOffByTheRequestTimeout) {
  start({"--request-timeout-s", "2"});
  constexpr int slow_clients = 300;
  std::vector<std::unique_ptr<RawConnection>> slow;
  const auto attack_started = Clock::now();
  for (int i = 0; i < slow_clients; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port()));
    slow.back()->send(post_head("/agent/v1/checkin"));
  }
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop.load()) {
      for (auto& connection : slow) connection->send("X");
      std::this_thread::sleep_for(milliseconds(50));
    }
  });
  expect_prompt_checkins(5);
  stop = true;
  trickle.join();

  int closed = 0;
  for (auto& connection : slow) {
    const auto left = std::chrono::duration_cast<milliseconds>(
        attack_started + std::chrono::seconds(6) - Clock::now());
    if (connection->closed_by_server(std::max(left, milliseconds(0)))) ++closed;
  }
  EXPECT_EQ(closed, slow_clients) << "slow requests outlived the 2 s request timeout by 4 s";
  EXPECT_LT(timed_checkin(), prompt);
}

// Slow clients holding every connection the server allows: a new client takes the place of
// the one that has waited longest, instead of waiting for the request timeout.
TEST_F(Limits, SlowClientsAtTheConnectionLimitGiveWayToNewClients) {
  start({"--max-connections", "100", "--request-timeout-s", "120"});
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 100; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port()));
    slow.back()->send(post_head("/agent/v1/checkin", "X-Slow: "));
  }
  std::this_thread::sleep_for(milliseconds(300));  // all of them accepted and waiting
  expect_prompt_checkins(5);
  int closed = 0;
  for (auto& connection : slow) closed += connection->closed_by_server() ? 1 : 0;
  // The first check-in's connection displaced the oldest slow client; later ones found its
  // place free again.
  EXPECT_GE(closed, 1);
  EXPECT_TRUE(slow.front()->closed_by_server());
  EXPECT_FALSE(slow.back()->closed_by_server());
}

// Thousands of idle sockets beyond the limit: the server keeps at most --max-connections open
// and still admits a new client at once.
TEST_F(Limits, ThousandsOfIdleSocketsDoNotLockOutClients) {
  start({"--max-connections", "200"});
  constexpr int idle_sockets = 3000;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < idle_sockets; ++i) idle.push_back(std::make_unique<RawConnection>(port()));
  std::this_thread::sleep_for(milliseconds(500));  // the server has accepted the backlog
  expect_prompt_checkins(5);
  std::this_thread::sleep_for(milliseconds(200));
  int open = 0;
  for (auto& connection : idle) open += connection->closed_by_server() ? 0 : 1;
  EXPECT_LE(open, 200);
  EXPECT_GT(open, 100) << "the newest idle sockets stay: nothing is closed needlessly";
  EXPECT_TRUE(idle.front()->closed_by_server());
  // Operators see it: every idle socket beyond the limit, and each check-in's, evicted one.
  EXPECT_GE(dropped_connections("evicted"), idle_sockets - 200);
  EXPECT_EQ(dropped_connections("refused"), 0);
}

// A header section over 16 KiB gets 431 headers_too_large and the connection is closed.
TEST_F(Limits, OversizeHeadersGet431) {
  start({});
  const std::string request =
      post_head("/agent/v1/checkin", "X-Padding: " + std::string(64 * 1024, 'a') + "\r\n") +
      "Content-Length: 2\r\n\r\n{}";
  const auto answers = during_attack([&] { return send_raw(port(), request); });
  ASSERT_FALSE(answers.empty());
  for (const RawAnswer& answer : answers) {
    EXPECT_EQ(answer.status, 431);
    EXPECT_EQ(answer.code, "headers_too_large");
  }
  // Many small header fields count the same as one large one.
  std::string many_fields;
  for (int i = 0; i < 2000; ++i) many_fields += "X-Field-" + std::to_string(i) + ": v\r\n";
  const RawAnswer many = send_raw(port(), post_head("/agent/v1/checkin", many_fields) + "\r\n");
  EXPECT_EQ(many.status, 431);
  EXPECT_EQ(many.code, "headers_too_large");
}

// A body over the route's limit gets 413 payload_too_large: a declared length at once, before
// the body is sent; a chunked body as soon as it passes the limit.
TEST_F(Limits, OversizeBodiesGet413) {
  start({});
  const std::string declared =
      post_head("/agent/v1/checkin", "Content-Length: 104857600\r\n") + "\r\n";
  const auto answers = during_attack([&] { return send_raw(port(), declared); });
  ASSERT_FALSE(answers.empty());
  for (const RawAnswer& answer : answers) {
    EXPECT_EQ(answer.status, 413);
    EXPECT_EQ(answer.code, "payload_too_large");
  }

  RawConnection chunked(port());
  chunked.send(post_head("/agent/v1/checkin", "Transfer-Encoding: chunked\r\n") + "\r\n");
  const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  for (int i = 0; i < 32 && chunked.send(chunk); ++i) {
  }
  const RawAnswer answer = parse_answer(chunked.read_until_closed(std::chrono::seconds(10)));
  EXPECT_EQ(answer.status, 413);
  EXPECT_EQ(answer.code, "payload_too_large");
}

// 100,000 nested arrays: refused with 400 invalid_json at the parser's depth limit instead of
// exhausting the stack or the CPU.
TEST_F(Limits, DeeplyNestedJsonIs400) {
  start({});
  const std::string nested(100'000, '[');
  const auto body_request = [](const std::string& path, const std::string& body,
                               const std::string& headers = "") {
    return post_head(path, headers + "Connection: close\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n") +
           "\r\n" + body;
  };
  const std::string activate = body_request("/agent/v1/activate", nested);
  const auto answers = during_attack([&] { return send_raw(port(), activate); });
  ASSERT_FALSE(answers.empty());
  for (const RawAnswer& answer : answers) {
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(answer.code, "invalid_json");
  }
  const RawAnswer checkin = send_raw(
      port(), body_request("/agent/v1/checkin", nested + std::string(100'000, ']'),
                           "Authorization: Bearer " + token_ + "\r\n"));
  EXPECT_EQ(checkin.status, 400);
  EXPECT_EQ(checkin.code, "invalid_json");
  EXPECT_LT(timed_checkin(), prompt);
}

}  // namespace
}  // namespace keyward::test
