#include "store/database.hpp"

#include <charconv>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace keyward::store {
namespace {

core::ErrorKind error_kind(DbErrorKind kind) {
  switch (kind) {
    case DbErrorKind::unique_violation:
    case DbErrorKind::constraint:
      return core::ErrorKind::conflict;
    // A deadlock or busy database is transient: "try again" (503), not a conflict of state.
    case DbErrorKind::serialization:
    case DbErrorKind::unavailable:
      return core::ErrorKind::unavailable;
    case DbErrorKind::other:
      break;
  }
  return core::ErrorKind::internal;
}

std::string error_code(DbErrorKind kind) {
  switch (kind) {
    case DbErrorKind::unique_violation:
      return "unique_violation";
    case DbErrorKind::constraint:
      return "constraint_violation";
    case DbErrorKind::serialization:
      return "serialization_failure";
    case DbErrorKind::unavailable:
      return "database_unavailable";
    case DbErrorKind::other:
      break;
  }
  return "database_error";
}

}  // namespace

DbError::DbError(DbErrorKind kind, const std::string& message)
    : core::Error(error_kind(kind), error_code(kind), message), db_kind_(kind) {}

const std::string& Row::text(std::size_t i) const {
  const auto& column = columns_.at(i);
  if (!column) throw DbError(DbErrorKind::other, "column " + std::to_string(i) + " is NULL");
  return *column;
}

std::int64_t Row::int64(std::size_t i) const {
  const std::string& value = text(i);
  std::int64_t result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size()) {
    throw DbError(DbErrorKind::other,
                  "column " + std::to_string(i) + " is not an integer: " + value);
  }
  return result;
}

std::optional<std::int64_t> Row::opt_int64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return int64(i);
}

std::optional<Row> Connection::query_one(std::string_view sql, const Params& params) {
  Rows rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

Transaction::Transaction(Connection& connection, bool write) : connection_(connection) {
  connection_.begin(write);
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    connection_.rollback();
  } catch (const std::exception&) {
    // The connection is broken; the pool discards it because reusable() reports so.
  }
}

void Transaction::commit() {
  connection_.commit();
  done_ = true;
}

PooledConnection::PooledConnection(Database& database, std::unique_ptr<Connection> connection)
    : database_(&database), connection_(std::move(connection)) {}

PooledConnection::~PooledConnection() {
  if (connection_) database_->give_back(std::move(connection_));
}

std::unique_ptr<Database> Database::open(const std::string& url) {
  std::unique_ptr<Database> database;
  if (url.starts_with("sqlite:")) {
    database = std::make_unique<SqliteDatabase>(url.substr(std::string_view("sqlite:").size()));
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    database = std::make_unique<PostgresDatabase>(url);
  } else {
    throw core::Error(core::ErrorKind::invalid_request, "invalid_database_url",
                      "database URL must start with sqlite:, postgresql:// or postgres://");
  }
  database->give_back(database->connect());
  return database;
}

PooledConnection Database::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return PooledConnection(*this, std::move(connection));
    }
  }
  // Connecting takes a round trip; do it outside the lock.
  return PooledConnection(*this, connect());
}

void Database::give_back(std::unique_ptr<Connection> connection) {
  if (!connection->reusable()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
}

void Database::close_idle_connections() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(idle_);
  }
}

bool Database::ping() {
  try {
    PooledConnection connection = acquire();
    return connection->query_one("SELECT 1").has_value();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace keyward::store
