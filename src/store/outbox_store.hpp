#pragma once
// Outgoing mail. A mail is written here in the same transaction as the event that causes it
// (an invitation, a verification request, a notification), so that it is neither lost when
// the sender is down nor sent for an event that was rolled back. A worker sends due mails.

#include <cstddef>
#include <vector>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class OutboxStore {
 public:
  explicit OutboxStore(Connection& connection) : connection_(connection) {}

  // Queues `mail` (its id, status and attempts are ignored: it starts pending, due at
  // next_attempt_at) and returns it with the new id.
  core::OutboxMail enqueue(const core::OutboxMail& mail);
  // Mails to `recipient` (any letter case), newest first; for tests and the operator.
  std::vector<core::OutboxMail> list_for_recipient(const std::string& recipient,
                                                   std::size_t limit = 100);

  // Leases up to `limit` pending mails that are due at `now` and not leased by anyone (or
  // whose lease ran out: its server died) to `worker` until `lease_until`, oldest due first.
  // Run it in a write transaction: on PostgreSQL the rows are locked with SKIP LOCKED, so
  // servers that claim at the same moment get disjoint mails instead of waiting.
  std::vector<core::OutboxMail> claim_due(const std::string& worker, core::UnixTime now,
                                          core::UnixTime lease_until, std::size_t limit);
  // Records a delivery of a mail that `worker` holds; false when the lease was lost (it ran
  // out and another server took the mail), so nothing was changed.
  bool mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at);
  // Records a failed attempt of a mail that `worker` holds: counts it, keeps the error and
  // either schedules the next attempt or, when `give_up`, marks the mail failed.
  bool record_failure(core::Id id, const std::string& worker, const std::string& error,
                      core::UnixTime next_attempt_at, bool give_up);
  // Gives back the mails `worker` still holds (it is stopping), so another server or the next
  // start sends them at once instead of after the lease.
  void release_claims(const std::string& worker);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
