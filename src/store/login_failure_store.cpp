#include "store/login_failure_store.hpp"

namespace keyward::store {

void LoginFailureStore::record(const std::string& subject, core::UnixTime at) {
  connection_.execute("INSERT INTO login_failures (subject, failed_at) VALUES ($1, $2)",
                      {subject, at});
}

std::optional<core::UnixTime> LoginFailureStore::limiting_failure(const std::string& subject,
                                                                  core::UnixTime since,
                                                                  std::int64_t limit) {
  const auto row = connection_.query_one(
      "SELECT failed_at FROM login_failures WHERE subject = $1 AND failed_at > $2 "
      "ORDER BY failed_at DESC LIMIT 1 OFFSET $3",
      {subject, since, limit - 1});
  if (!row) return std::nullopt;
  return row->int64(0);
}

void LoginFailureStore::clear(const std::string& subject) {
  connection_.execute("DELETE FROM login_failures WHERE subject = $1", {subject});
}

std::int64_t LoginFailureStore::remove_older_than(core::UnixTime before) {
  return connection_.execute("DELETE FROM login_failures WHERE failed_at <= $1", {before});
}

}  // namespace keyward::store
