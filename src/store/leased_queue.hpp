#pragma once
// The claim/lease mechanism of the tables that hold work for a sender worker (the mail outbox,
// webhook deliveries). Such a table has the columns id, status ('pending', 'sent', 'failed'),
// attempts, next_attempt_at, last_error, sent_at, claimed_by and claimed_until.
//
// A worker claims due rows by writing its name and a lease end into them; servers on one
// database skip leased rows, and a crashed server's lease runs out so another one retries the
// row (at least once). Results are recorded only by the lease holder.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class LeasedQueue {
 public:
  // `table` and `columns` are constants of the calling store, never input.
  LeasedQueue(Connection& connection, std::string_view table, std::string_view columns)
      : connection_(connection), table_(table), columns_(columns) {}

  // Leases up to `limit` pending rows that are due at `now` and not leased by anyone (or whose
  // lease ran out) to `worker` until `lease_until`, oldest due first; returns their `columns`.
  // Run it in a write transaction: on PostgreSQL the rows are locked with SKIP LOCKED, so
  // servers that claim at the same moment get disjoint rows instead of waiting.
  std::vector<Row> claim_due(const std::string& worker, core::UnixTime now,
                             core::UnixTime lease_until, std::size_t limit);
  // Records a delivery of a row that `worker` holds; false when the lease was lost (it ran out
  // and another server took the row), so nothing was changed.
  bool mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at);
  // Records a failed attempt of a row that `worker` holds: counts it, keeps the error and
  // either schedules the next attempt or, when `give_up`, marks the row failed.
  bool record_failure(core::Id id, const std::string& worker, const std::string& error,
                      core::UnixTime next_attempt_at, bool give_up);
  // Gives back the rows `worker` still holds (it is stopping), so another server or the next
  // start takes them at once instead of after the lease.
  void release_claims(const std::string& worker);

 private:
  Connection& connection_;
  std::string table_;
  std::string columns_;
};

}  // namespace keyward::store
