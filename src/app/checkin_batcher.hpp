#pragma once
// The check-in hot path (DESIGN.md): one writer thread commits check-ins in batches — as
// many as arrived while the previous batch was committing, at most `max_batch` — and only
// then completes them. Every acknowledged check-in is durable, and the database sees one
// transaction per batch instead of one per device. Under light load a batch is a single
// check-in, so nothing waits for a timer.

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "app/device_checkin.hpp"
#include "app/policy.hpp"
#include "core/os_eol.hpp"
#include "store/database.hpp"

namespace keyward::app {

class CheckinBatcher {
 public:
  using Outcome = CheckinOutcome;
  // Called once per submitted check-in, on the writer thread, after the commit.
  using Completion = std::function<void(Outcome)>;

  CheckinBatcher(store::Database& database, PolicyCache& policies, std::size_t max_batch = 1000);
  // Commits everything submitted so far, then stops the writer.
  ~CheckinBatcher();
  CheckinBatcher(const CheckinBatcher&) = delete;
  CheckinBatcher& operator=(const CheckinBatcher&) = delete;

  void submit(CheckinRequest request, Completion done);

 private:
  struct Pending {
    CheckinRequest request;
    Completion done;
  };

  static constexpr int kMaxAttempts = 3;

  void run();
  // One transaction for the whole batch; throws DbError when the database failed.
  std::vector<Outcome> process(std::vector<Pending>& batch);
  // Processes with retries and completes every check-in of the batch.
  void commit(std::vector<Pending>& batch);
  // The same batch, one transaction per check-in: after a database error in a batch, so
  // that one failing check-in cannot fail the others.
  void commit_one_by_one(std::vector<Pending>& batch);

  // The writer thread's OS end-of-life matches, for the calendar of memo_policy_.
  core::OsEolMemo os_eol_memo_;
  std::shared_ptr<const Policy> memo_policy_;

  store::Database& database_;
  PolicyCache& policies_;
  const std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace keyward::app
