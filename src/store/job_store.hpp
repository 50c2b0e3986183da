#pragma once
// Background jobs (the `jobs` table of the initial schema): a kind, a JSON payload, the user
// who asked and a status queued → running → done | failed. Any server on the database may
// run them: a worker claims due jobs of its kind (FOR UPDATE SKIP LOCKED on PostgreSQL, the
// single writer on SQLite), and a claim older than the lease counts as abandoned (its server
// died), so the job is claimed again.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

enum class JobStatus { queued, running, done, failed };
std::string_view to_string(JobStatus status);

struct Job {
  core::Id id = 0;
  std::string kind;
  std::string payload = "{}";
  JobStatus status = JobStatus::queued;
  std::optional<core::Id> owner_user_id;
  std::optional<core::Id> company_id;
  std::int64_t attempts = 0;  // claims so far, the running one included
  core::UnixTime run_at = 0;
  std::optional<std::string> claimed_by;
  std::optional<core::UnixTime> claimed_at;
  std::optional<std::string> result;  // JSON written by the finished job
  std::optional<std::string> error;
  core::UnixTime created_at = 0;
  std::optional<core::UnixTime> finished_at;
};

class JobStore {
 public:
  explicit JobStore(Connection& connection) : connection_(connection) {}

  // Queues `job` (its id, status, attempts and claim are ignored) and returns it with its id.
  Job enqueue(const Job& job);
  // The job `id` of `kind` that `owner_user_id` asked for, or nothing.
  std::optional<Job> find_owned(core::Id id, std::string_view kind, core::Id owner_user_id);
  // Claims up to `limit` jobs of `kind` for `worker`: queued ones due at `now`, and running
  // ones claimed before `abandoned_before`; counts the attempt. Run it in a write transaction.
  std::vector<Job> claim(std::string_view kind, const std::string& worker, core::UnixTime now,
                         core::UnixTime abandoned_before, std::size_t limit);
  // Records the end of a job `worker` holds; false when the claim was lost (it was taken
  // as abandoned by another server), so nothing was changed.
  bool finish(core::Id id, const std::string& worker, const std::string& result,
              core::UnixTime at);
  bool fail(core::Id id, const std::string& worker, const std::string& error, core::UnixTime at);
  // Hands back the running jobs of a stopping `worker` (the attempt does not count).
  void release(const std::string& worker);
  // Finished (done or failed) jobs of `kind` that ended before `before`, oldest first.
  std::vector<Job> finished_before(std::string_view kind, core::UnixTime before,
                                   std::size_t limit);
  void remove(core::Id id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
