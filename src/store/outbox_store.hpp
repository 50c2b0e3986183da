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

  // The outbox as a store/leased_queue: claim_due, mark_sent, record_failure and
  // release_claims mean what they mean there, for mails.
  std::vector<core::OutboxMail> claim_due(const std::string& worker, core::UnixTime now,
                                          core::UnixTime lease_until, std::size_t limit);
  bool mark_sent(core::Id id, const std::string& worker, core::UnixTime sent_at);
  bool record_failure(core::Id id, const std::string& worker, const std::string& error,
                      core::UnixTime next_attempt_at, bool give_up);
  void release_claims(const std::string& worker);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
