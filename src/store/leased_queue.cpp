#include "store/leased_queue.hpp"

namespace keyward::store {

std::vector<Row> LeasedQueue::claim_due(const std::string& worker, core::UnixTime now,
                                        core::UnixTime lease_until, std::size_t limit) {
  // PostgreSQL locks the chosen rows and skips rows another server is claiming right now;
  // SQLite has one writer at a time, so its write transaction alone keeps claims disjoint.
  const std::string_view lock =
      connection_.engine() == Engine::postgres ? " FOR UPDATE SKIP LOCKED" : "";
  return connection_.query(
      "UPDATE " + table_ + " SET claimed_by = $1, claimed_until = $3 WHERE id IN (SELECT id FROM " +
          table_ +
          " WHERE status = 'pending' AND next_attempt_at <= $2 AND (claimed_until IS NULL "
          "OR claimed_until <= $2) ORDER BY next_attempt_at, id LIMIT $4" +
          std::string(lock) + ") RETURNING " + columns_,
      {worker, now, lease_until, static_cast<std::int64_t>(limit)});
}

bool LeasedQueue::mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at) {
  return connection_.execute("UPDATE " + table_ +
                                 " SET status = 'sent', attempts = attempts + 1, sent_at = $3, "
                                 "last_error = NULL, claimed_by = NULL, claimed_until = NULL "
                                 "WHERE id = $1 AND claimed_by = $2 AND status = 'pending'",
                             {id, worker, sent_at}) > 0;
}

bool LeasedQueue::record_failure(core::Id id, const std::string& worker, const std::string& error,
                                 core::UnixTime next_attempt_at, bool give_up) {
  return connection_.execute(
             "UPDATE " + table_ +
                 " SET status = $5, attempts = attempts + 1, last_error = $3, "
                 "next_attempt_at = $4, claimed_by = NULL, claimed_until = NULL "
                 "WHERE id = $1 AND claimed_by = $2 AND status = 'pending'",
             {id, worker, error, next_attempt_at, std::string(give_up ? "failed" : "pending")}) > 0;
}

void LeasedQueue::release_claims(const std::string& worker) {
  connection_.execute("UPDATE " + table_ +
                          " SET claimed_by = NULL, claimed_until = NULL "
                          "WHERE claimed_by = $1 AND status = 'pending'",
                      {worker});
}

}  // namespace keyward::store
