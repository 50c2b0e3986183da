#pragma once
// Periodic upkeep that every server runs; each task is idempotent, so several servers on one
// database may run it at the same time:
// - every minute: abort device commands that waited longer than the policy allows;
// - at start and every hour: the expiry notices of licenses 30 and 7 days before expiry;
// - at start and every 24 hours: recompute device status flags, because end-of-life dates
//   pass while nothing about the device changes, and drop old hourly activation counts,
//   expired sessions, sign-in failures that no longer count, spent set-password links and
//   webhook deliveries older than 30 days;
// - every export-cleanup interval (an hour): remove exports older than a day, files and jobs;
// - every hour: apply the companies' automatic stale-device rules (app/stale_devices);
// - every 10 minutes: queue the resellers' daily digests that are due and not yet sent
//   (app/reseller_digest; the digest day is recorded, so this is cheap once they are out).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/export_cleanup.hpp"
#include "app/policy.hpp"
#include "app/reseller_digest.hpp"
#include "store/database.hpp"

namespace keyward::jobs {

struct MaintenanceIntervals {
  std::chrono::seconds command_timeouts{60};
  std::chrono::seconds status_refresh{24 * 3600};
  std::chrono::seconds export_cleanup{3600};
  std::chrono::seconds stale_rules{3600};
  std::chrono::seconds digests{600};
  std::chrono::seconds expiry_notices{3600};
};

class Maintenance {
 public:
  Maintenance(store::Database& database, app::PolicyCache& policies, app::ExportFiles exports,
              app::DigestSettings digest, MaintenanceIntervals intervals = {});
  // Recomputes every device's status flags now instead of at the next daily turn, on the
  // maintenance thread (after a policy change; the caller does not wait for it). A request
  // that arrives while a refresh runs starts another one afterwards.
  void request_status_refresh();
  // Stops the loop; a task that is running finishes first.
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

 private:
  void run();
  void run_due_tasks(std::chrono::steady_clock::time_point now, bool refresh_requested);
  std::chrono::steady_clock::time_point next_due() const;

  store::Database& database_;
  app::PolicyCache& policies_;
  app::ExportFiles exports_;
  app::DigestSettings digest_;
  MaintenanceIntervals intervals_;
  std::chrono::steady_clock::time_point next_timeouts_;
  std::chrono::steady_clock::time_point next_refresh_;
  std::chrono::steady_clock::time_point next_export_cleanup_;
  std::chrono::steady_clock::time_point next_stale_rules_;
  std::chrono::steady_clock::time_point next_digests_;
  std::chrono::steady_clock::time_point next_expiry_notices_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool refresh_requested_ = false;
  std::thread thread_;
};

}  // namespace keyward::jobs
