#pragma once
// Browser sessions, kept in the database so any server behind the load balancer can serve
// any request. Only the hash of the session cookie is stored.

#include <optional>
#include <string>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class SessionStore {
 public:
  explicit SessionStore(Connection& connection) : connection_(connection) {}

  // Inserts `session` (its id is ignored) and returns it with the new id.
  core::Session create(const core::Session& session);
  // The session with this hash when neither its idle nor its absolute expiry has passed.
  std::optional<core::Session> find(const std::string& token_hash, core::UnixTime now);
  // Records activity: last_seen_at = now and a new idle expiry (never past the absolute one).
  void touch(core::Id session_id, core::UnixTime now, core::UnixTime idle_expires_at);
  // Logout; false when there was no such session.
  bool remove(const std::string& token_hash);
  // Every session of a user (password change, user disabled); returns how many.
  std::int64_t remove_for_user(core::Id user_id);
  // Every other session of a user (their own password change keeps the current one).
  std::int64_t remove_for_user_except(core::Id user_id, core::Id kept_session_id);
  // Housekeeping; returns how many were removed.
  std::int64_t remove_expired(core::UnixTime now);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
