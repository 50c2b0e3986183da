#pragma once
// Failed sign-in attempts, counted per subject ("account:<e-mail>", "address:<IP>") for the
// login rate limit. They live in the database so that every server behind the load
// balancer counts the same attempts.

#include <cstdint>
#include <optional>
#include <string>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class LoginFailureStore {
 public:
  explicit LoginFailureStore(Connection& connection) : connection_(connection) {}

  void record(const std::string& subject, core::UnixTime at);
  // When `subject` has at least `limit` failures after `since`: the time of the limit-th most
  // recent one, whose leaving the window brings the count below the limit. Nothing otherwise.
  std::optional<core::UnixTime> limiting_failure(const std::string& subject, core::UnixTime since,
                                                 std::int64_t limit);
  // Forgets the subject's failures (an account after a successful sign-in).
  void clear(const std::string& subject);
  // Housekeeping: failures at or before `before` no longer count; returns how many went.
  std::int64_t remove_older_than(core::UnixTime before);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
