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

 private:
  Connection& connection_;
};

}  // namespace keyward::store
