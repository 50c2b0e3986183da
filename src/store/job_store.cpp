#include "store/job_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "id, kind, payload, status, owner_user_id, company_id, attempts, run_at, claimed_by, "
    "claimed_at, result, error, created_at, finished_at";

std::optional<JobStatus> parse_job_status(std::string_view text) {
  for (const auto status : {JobStatus::queued, JobStatus::running, JobStatus::done,
                            JobStatus::failed}) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
}

Job to_job(const Row& row) {
  return Job{.id = row.int64(0),
             .kind = row.text(1),
             .payload = row.text(2),
             .status = parse_column(parse_job_status, row, 3),
             .owner_user_id = row.opt_int64(4),
             .company_id = row.opt_int64(5),
             .attempts = row.int64(6),
             .run_at = row.int64(7),
             .claimed_by = row.opt_text(8),
             .claimed_at = row.opt_int64(9),
             .result = row.opt_text(10),
             .error = row.opt_text(11),
             .created_at = row.int64(12),
             .finished_at = row.opt_int64(13)};
}

std::vector<Job> to_jobs(const Rows& rows) {
  std::vector<Job> jobs;
  for (const Row& row : rows) jobs.push_back(to_job(row));
  return jobs;
}

// PostgreSQL locks the chosen rows and skips rows another server is claiming right now;
// SQLite has one writer at a time, so its write transaction alone keeps claims disjoint.
std::string claim_statement(Engine engine) {
  const std::string_view lock = engine == Engine::postgres ? " FOR UPDATE SKIP LOCKED" : "";
  return "UPDATE jobs SET status = 'running', claimed_by = $2, claimed_at = $3, attempts = "
         "attempts + 1 WHERE id IN (SELECT id FROM jobs WHERE kind = $1 AND ((status = 'queued' "
         "AND run_at <= $3) OR (status = 'running' AND claimed_at < $4)) ORDER BY run_at, id "
         "LIMIT $5" +
         std::string(lock) + ") RETURNING " + std::string(kColumns);
}

}  // namespace

std::string_view to_string(JobStatus status) {
  switch (status) {
    case JobStatus::queued:
      return "queued";
    case JobStatus::running:
      return "running";
    case JobStatus::done:
      return "done";
    case JobStatus::failed:
      return "failed";
  }
  return "failed";
}

Job JobStore::enqueue(const Job& job) {
  const Row row = *connection_.query_one(
      "INSERT INTO jobs (kind, payload, status, owner_user_id, company_id, attempts, run_at, "
      "created_at) VALUES ($1, $2, 'queued', $3, $4, 0, $5, $6) RETURNING " +
          std::string(kColumns),
      {job.kind, job.payload, nullable(job.owner_user_id), nullable(job.company_id), job.run_at,
       job.created_at});
  return to_job(row);
}

std::optional<Job> JobStore::find_owned(core::Id id, std::string_view kind,
                                        core::Id owner_user_id) {
  const auto row = connection_.query_one("SELECT " + std::string(kColumns) +
                                             " FROM jobs WHERE id = $1 AND kind = $2 AND "
                                             "owner_user_id = $3",
                                         {id, std::string(kind), owner_user_id});
  if (!row) return std::nullopt;
  return to_job(*row);
}

std::vector<Job> JobStore::claim(std::string_view kind, const std::string& worker,
                                 core::UnixTime now, core::UnixTime abandoned_before,
                                 std::size_t limit) {
  return to_jobs(connection_.query(
      claim_statement(connection_.engine()),
      {std::string(kind), worker, now, abandoned_before, static_cast<std::int64_t>(limit)}));
}

bool JobStore::finish(core::Id id, const std::string& worker, const std::string& result,
                      core::UnixTime at) {
  return connection_.execute(
             "UPDATE jobs SET status = 'done', result = $3, error = NULL, finished_at = $4 "
             "WHERE id = $1 AND claimed_by = $2 AND status = 'running'",
             {id, worker, result, at}) > 0;
}

bool JobStore::fail(core::Id id, const std::string& worker, const std::string& error,
                    core::UnixTime at) {
  return connection_.execute(
             "UPDATE jobs SET status = 'failed', error = $3, finished_at = $4 "
             "WHERE id = $1 AND claimed_by = $2 AND status = 'running'",
             {id, worker, error, at}) > 0;
}

void JobStore::release(const std::string& worker) {
  connection_.execute(
      "UPDATE jobs SET status = 'queued', claimed_by = NULL, claimed_at = NULL, attempts = "
      "attempts - 1 WHERE claimed_by = $1 AND status = 'running'",
      {worker});
}

std::vector<Job> JobStore::finished_before(std::string_view kind, core::UnixTime before,
                                           std::size_t limit) {
  return to_jobs(connection_.query(
      "SELECT " + std::string(kColumns) +
          " FROM jobs WHERE status IN ('done', 'failed') AND kind = $1 AND finished_at < $2 "
          "ORDER BY finished_at, id LIMIT $3",
      {std::string(kind), before, static_cast<std::int64_t>(limit)}));
}

void JobStore::remove(core::Id id) { connection_.execute("DELETE FROM jobs WHERE id = $1", {id}); }

}  // namespace keyward::store
