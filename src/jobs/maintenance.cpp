#include "jobs/maintenance.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "app/actor.hpp"
#include "app/device_activation.hpp"
#include "app/device_commands.hpp"
#include "app/device_evaluation.hpp"
#include "app/expiry_notices.hpp"
#include "app/sign_in.hpp"
#include "app/stale_devices.hpp"
#include "app/webhook_delivery.hpp"

namespace keyward::jobs {

Maintenance::Maintenance(store::Database& database, app::PolicyCache& policies,
                         app::ExportFiles exports, app::DigestSettings digest,
                         MaintenanceIntervals intervals)
    : database_(database),
      policies_(policies),
      exports_(std::move(exports)),
      digest_(std::move(digest)),
      intervals_(intervals),
      next_timeouts_(std::chrono::steady_clock::now()),
      next_refresh_(std::chrono::steady_clock::now()),
      next_export_cleanup_(std::chrono::steady_clock::now()),
      next_stale_rules_(std::chrono::steady_clock::now()),
      next_digests_(std::chrono::steady_clock::now()),
      next_expiry_notices_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

Maintenance::~Maintenance() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Maintenance::request_status_refresh() {
  {
    std::lock_guard lock(mutex_);
    refresh_requested_ = true;
  }
  wake_.notify_all();
}

void Maintenance::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const bool refresh_requested = std::exchange(refresh_requested_, false);
    lock.unlock();
    run_due_tasks(std::chrono::steady_clock::now(), refresh_requested);
    lock.lock();
    wake_.wait_until(lock, next_due(), [this] { return stopping_ || refresh_requested_; });
  }
}

std::chrono::steady_clock::time_point Maintenance::next_due() const {
  return std::min({next_timeouts_, next_refresh_, next_export_cleanup_, next_stale_rules_,
                   next_digests_, next_expiry_notices_});
}

void Maintenance::run_due_tasks(std::chrono::steady_clock::time_point now, bool refresh_requested) {
  // A failing task (database briefly unreachable) is logged and retried at its next turn;
  // it must not end the loop.
  try {
    std::shared_ptr<const app::Policy> policy;
    {
      auto connection = database_.acquire();
      policy = policies_.get(*connection);
    }
    if (now >= next_timeouts_) {
      next_timeouts_ = now + intervals_.command_timeouts;
      const auto aborted = app::abort_overdue_commands(database_, *policy, app::now());
      if (aborted > 0) spdlog::info("maintenance: aborted {} overdue device commands", aborted);
    }
    if (now >= next_export_cleanup_) {
      next_export_cleanup_ = now + intervals_.export_cleanup;
      const auto removed = app::remove_expired_exports(database_, exports_, app::now());
      if (removed > 0) spdlog::info("maintenance: removed {} expired exports", removed);
    }
    if (now >= next_expiry_notices_) {
      next_expiry_notices_ = now + intervals_.expiry_notices;
      const auto notified = app::notify_expiring_licenses(database_, app::now());
      if (notified > 0) spdlog::info("maintenance: {} licenses expire soon, notified", notified);
    }
    if (now >= next_refresh_ || refresh_requested) {
      next_refresh_ = now + intervals_.status_refresh;
      const auto evaluated = app::refresh_all_status_flags(database_, *policy, app::now());
      app::prune_activation_counts(database_, app::now());
      app::prune_sign_in_records(database_, app::now());
      app::prune_webhook_deliveries(database_, app::now());
      spdlog::info("maintenance: re-evaluated the status of {} devices", evaluated);
    }
    if (now >= next_stale_rules_) {
      next_stale_rules_ = now + intervals_.stale_rules;
      const auto deactivated = app::apply_stale_rules(database_, policies_);
      if (deactivated > 0) {
        spdlog::info("maintenance: stale-device rules deactivated {} devices", deactivated);
      }
    }
    if (now >= next_digests_) {
      next_digests_ = now + intervals_.digests;
      const auto started = std::chrono::steady_clock::now();
      const auto mails = app::send_due_digests(database_, digest_, *policy, app::now());
      if (mails > 0) {
        spdlog::info("maintenance: queued {} daily digest mails in {} ms", mails,
                     std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count());
      }
    }
  } catch (const std::exception& error) {
    spdlog::warn("maintenance failed: {}", error.what());
  }
}

}  // namespace keyward::jobs
