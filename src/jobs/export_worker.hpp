#pragma once
// The server's export worker: a thread that writes queued exports (app/exports) one after
// another, woken at once when this server queues one and looking every poll interval for
// exports queued on other servers or left behind by a server that stopped.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/export_runner.hpp"
#include "app/policy.hpp"
#include "store/database.hpp"

namespace keyward::jobs {

class ExportWorker {
 public:
  ExportWorker(store::Database& database, app::PolicyCache& policies, app::ExportFiles files,
               std::chrono::milliseconds poll_interval = std::chrono::seconds(2));
  // Stops after the export being written; the exports it claimed are handed back.
  ~ExportWorker();
  ExportWorker(const ExportWorker&) = delete;
  ExportWorker& operator=(const ExportWorker&) = delete;

  // Looks for work now (an export was just queued).
  void wake();

 private:
  void run();

  store::Database& database_;
  app::PolicyCache& policies_;
  app::ExportFiles files_;
  std::chrono::milliseconds poll_interval_;
  const std::string worker_;  // this process in the jobs' claimed_by
  std::atomic<bool> stopping_ = false;
  bool woken_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace keyward::jobs
