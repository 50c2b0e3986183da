#include "jobs/export_worker.hpp"

#include <spdlog/spdlog.h>

#include "jobs/worker_name.hpp"

namespace keyward::jobs {

ExportWorker::ExportWorker(store::Database& database, app::PolicyCache& policies,
                           app::ExportFiles files, std::chrono::milliseconds poll_interval)
    : database_(database),
      policies_(policies),
      files_(std::move(files)),
      poll_interval_(poll_interval),
      worker_(worker_name()),
      thread_([this] { run(); }) {}

ExportWorker::~ExportWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ExportWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void ExportWorker::run() {
  while (!stopping_) {
    // A failure (database briefly unreachable) is logged and retried at the next turn.
    try {
      app::run_due_exports(database_, policies_, files_, worker_, stopping_);
    } catch (const std::exception& error) {
      spdlog::warn("exports: {}", error.what());
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, poll_interval_, [this] { return stopping_.load() || woken_; });
    woken_ = false;
  }
  try {
    app::release_export_claims(database_, worker_);
  } catch (const std::exception& error) {
    spdlog::warn("exports: could not hand back claimed exports (their lease runs out): {}",
                 error.what());
  }
}

}  // namespace keyward::jobs
