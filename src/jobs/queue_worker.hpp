#pragma once
// A thread that delivers a leased queue (app/queue_delivery): it runs passes until nothing is
// due and looks again every poll interval, because any server on the database queues work.
// It never holds a database connection while a transport talks to a receiver, so a slow or
// unreachable receiver delays only its own queue, never the HTTP side. On stop, a running
// exchange is aborted (transports watch stopping()) and claimed rows are handed back.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace keyward::jobs {

class QueueWorker {
 public:
  // One pass for `worker` (this process's name in claimed_by); returns how many rows it
  // claimed. A pass that claimed a full `batch` is followed by another at once.
  using Pass =
      std::function<std::size_t(const std::string& worker, const std::atomic<bool>& stopping)>;
  using Release = std::function<void(const std::string& worker)>;

  // `what` names the queue in log lines.
  QueueWorker(std::string what, std::size_t batch, std::chrono::milliseconds poll_interval);
  ~QueueWorker();
  QueueWorker(const QueueWorker&) = delete;
  QueueWorker& operator=(const QueueWorker&) = delete;

  // Set once stop() begins; transports abort on it.
  const std::atomic<bool>& stopping() const { return stopping_; }
  const std::string& name() const { return worker_; }
  // Starts the thread (separate from construction, so that the owner can build its transport
  // on stopping() first).
  void start(Pass pass, Release release);
  // Ends the thread; the owner calls it before destroying what the passes use. Idempotent.
  void stop();

 private:
  void run();
  void deliver_until_idle();

  const std::string what_;
  const std::size_t batch_;
  const std::chrono::milliseconds poll_interval_;
  const std::string worker_;
  Pass pass_;
  Release release_;
  std::atomic<bool> stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace keyward::jobs
