#include "jobs/queue_worker.hpp"

#include <spdlog/spdlog.h>

#include "jobs/worker_name.hpp"

namespace keyward::jobs {

QueueWorker::QueueWorker(std::string what, std::size_t batch,
                         std::chrono::milliseconds poll_interval)
    : what_(std::move(what)),
      batch_(batch),
      poll_interval_(poll_interval),
      worker_(worker_name()) {}

QueueWorker::~QueueWorker() { stop(); }

void QueueWorker::start(Pass pass, Release release) {
  pass_ = std::move(pass);
  release_ = std::move(release);
  thread_ = std::thread([this] { run(); });
}

void QueueWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void QueueWorker::run() {
  while (!stopping_) {
    deliver_until_idle();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, poll_interval_, [this] { return stopping_.load(); });
  }
  try {
    release_(worker_);
  } catch (const std::exception& error) {
    spdlog::warn("{}: could not hand back claimed rows (their lease runs out): {}", what_,
                 error.what());
  }
}

// Delivers until nothing is due, so a burst does not wait a poll interval per batch. A failure
// (database briefly unreachable) is logged and retried at the next turn.
void QueueWorker::deliver_until_idle() {
  try {
    while (!stopping_ && pass_(worker_, stopping_) == batch_) {
    }
  } catch (const std::exception& error) {
    spdlog::warn("{}: delivery failed: {}", what_, error.what());
  }
}

}  // namespace keyward::jobs
