// Handlers that answer later (the check-in batcher) must not hold a worker thread while
// they wait, and the answer must reach the right connection.

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "http/client.hpp"
#include "test_server.hpp"

namespace keyward::http {
namespace {

// Completes deferred responses from its own thread once `release()` is called.
class Completer {
 public:
  void add(std::shared_ptr<DeferredResponse> deferred, std::string body) {
    std::lock_guard lock(mutex_);
    waiting_.emplace_back(std::move(deferred), std::move(body));
    changed_.notify_all();
  }
  bool wait_for_waiting(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(5),
                             [&] { return waiting_.size() >= count; });
  }
  void release_all() {
    std::deque<std::pair<std::shared_ptr<DeferredResponse>, std::string>> ready;
    {
      std::lock_guard lock(mutex_);
      ready.swap(waiting_);
    }
    std::thread([ready = std::move(ready)]() mutable {
      for (auto& [deferred, body] : ready) deferred->complete(text_response(200, body));
    }).join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<std::shared_ptr<DeferredResponse>, std::string>> waiting_;
};

TEST(DeferredResponse, WaitingRequestsDoNotHoldTheWorkerThreads) {
  Completer completer;
  Router router;
  router.add(Method::get, "/later/{name}", [&](Request& request) {
    auto deferred = std::make_shared<DeferredResponse>();
    completer.add(deferred, "hello " + request.path_param("name"));
    return deferred_response(deferred);
  });
  router.add(Method::get, "/now", [](Request&) { return text_response(200, "now"); });
  ServerOptions options;
  options.worker_threads = 1;
  testing::RunningServer server(router, options);

  constexpr int kWaiting = 5;
  std::vector<std::future<Response>> answers;
  for (int i = 0; i < kWaiting; ++i) {
    answers.push_back(std::async(std::launch::async, [&, i] {
      Client client("127.0.0.1", server.port());
      return client.get("/later/" + std::to_string(i));
    }));
  }
  ASSERT_TRUE(completer.wait_for_waiting(kWaiting));
  // With one worker thread, this answer proves that none is blocked by the waiting requests.
  Client other("127.0.0.1", server.port());
  EXPECT_EQ(other.get("/now").body, "now");

  completer.release_all();
  for (int i = 0; i < kWaiting; ++i) {
    const Response response = answers[i].get();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "hello " + std::to_string(i));
    EXPECT_FALSE(response.header("x-request-id").value_or("").empty());
  }
}

TEST(DeferredResponse, ACompletionBeforeTheServerWaitsIsNotLost) {
  Router router;
  router.add(Method::get, "/done", [](Request&) {
    auto deferred = std::make_shared<DeferredResponse>();
    deferred->complete(json_response(201, boost::json::object{{"ok", true}}));
    return deferred_response(deferred);
  });
  testing::RunningServer server(router);
  Client client("127.0.0.1", server.port());
  const Response response = client.get("/done");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"ok":true})");
}

}  // namespace
}  // namespace keyward::http
