#include "store/session_store.hpp"

namespace keyward::store {

core::Session SessionStore::create(const core::Session& session) {
  const Row row = *connection_.query_one(
      "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, last_seen_at, "
      "idle_expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {session.user_id, session.token_hash, session.csrf_token, session.created_at,
       session.last_seen_at, session.idle_expires_at, session.absolute_expires_at});
  core::Session created = session;
  created.id = row.int64(0);
  return created;
}

std::optional<core::Session> SessionStore::find(const std::string& token_hash, core::UnixTime now) {
  const auto row = connection_.query_one(
      "SELECT id, user_id, token_hash, csrf_token, created_at, last_seen_at, idle_expires_at, "
      "absolute_expires_at FROM sessions "
      "WHERE token_hash = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2",
      {token_hash, now});
  if (!row) return std::nullopt;
  return core::Session{
      .id = row->int64(0),
      .user_id = row->int64(1),
      .token_hash = row->text(2),
      .csrf_token = row->text(3),
      .created_at = row->int64(4),
      .last_seen_at = row->int64(5),
      .idle_expires_at = row->int64(6),
      .absolute_expires_at = row->int64(7),
  };
}

void SessionStore::touch(core::Id session_id, core::UnixTime now, core::UnixTime idle_expires_at) {
  connection_.execute(
      "UPDATE sessions SET last_seen_at = $2, idle_expires_at = "
      "CASE WHEN $3 < absolute_expires_at THEN $3 ELSE absolute_expires_at END WHERE id = $1",
      {session_id, now, idle_expires_at});
}

bool SessionStore::remove(const std::string& token_hash) {
  return connection_.execute("DELETE FROM sessions WHERE token_hash = $1", {token_hash}) == 1;
}

std::int64_t SessionStore::remove_for_user(core::Id user_id) {
  return connection_.execute("DELETE FROM sessions WHERE user_id = $1", {user_id});
}

std::int64_t SessionStore::remove_for_user_except(core::Id user_id, core::Id kept_session_id) {
  return connection_.execute("DELETE FROM sessions WHERE user_id = $1 AND id <> $2",
                             {user_id, kept_session_id});
}

std::int64_t SessionStore::remove_expired(core::UnixTime now) {
  return connection_.execute(
      "DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1", {now});
}

}  // namespace keyward::store
