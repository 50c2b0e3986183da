#pragma once
// The thin layer over the two C APIs (SQLite and libpq). Stores write SQL once, with
// PostgreSQL-style placeholders ($1, $2, ...); the SQLite backend rewrites them to ?1, ?2.
// Portable SQL rules: BIGINT ids, INTEGER 0/1 for flags, BIGINT unix seconds for times,
// TEXT for JSON and hex hashes, `RETURNING id` for inserts.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace keyward::store {

enum class Engine { sqlite, postgres };

// A bound parameter. std::monostate is SQL NULL.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

// A result row; every column arrives as text or NULL, as both engines can deliver it.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> columns) : columns_(std::move(columns)) {}
  std::size_t size() const { return columns_.size(); }
  bool is_null(std::size_t i) const { return !columns_.at(i).has_value(); }
  const std::string& text(std::size_t i) const;  // throws on NULL
  std::optional<std::string> opt_text(std::size_t i) const { return columns_.at(i); }
  std::int64_t int64(std::size_t i) const;  // throws on NULL
  std::optional<std::int64_t> opt_int64(std::size_t i) const;
  bool boolean(std::size_t i) const { return int64(i) != 0; }

 private:
  std::vector<std::optional<std::string>> columns_;
};

using Rows = std::vector<Row>;

// Database failures. `constraint` covers UNIQUE/CHECK/FK/trigger rejections so that `app`
// can turn them into 409s; `unavailable` means the server cannot be reached.
enum class DbErrorKind { unique_violation, constraint, unavailable, serialization, other };

class DbError : public core::Error {
 public:
  DbError(DbErrorKind kind, const std::string& message);
  DbErrorKind db_kind() const { return db_kind_; }

 private:
  DbErrorKind db_kind_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // Runs one statement (prepared and cached per connection) and returns its rows.
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // A query whose best plan depends on the values bound: a search term matches six thousand
  // rows or three. PostgreSQL plans it for its values at every call; a cached statement
  // would settle on one generic plan after five calls (a nested loop over all the matches of
  // a broad term, 30 ms instead of 13). SQLite plans alike either way.
  virtual Rows query_planned_per_call(std::string_view sql, const Params& params) {
    return query(sql, params);
  }
  // Runs one query and hands each row to `visit` as it arrives instead of collecting them,
  // so a result of any size (an export) needs the memory of one row. When `visit` throws,
  // the rest of the result is abandoned and the exception propagates.
  virtual void for_each(std::string_view sql, const Params& params,
                        const std::function<void(const Row&)>& visit) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // `write` transactions take the write lock up front on SQLite (BEGIN IMMEDIATE) so that
  // read-then-write sequences do not deadlock; on PostgreSQL both are READ COMMITTED.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // False when the pool must not hand this connection out again: a transaction was left
  // open, or the link to the server broke.
  virtual bool reusable() = 0;

  // The first row, or nothing; for lookups by a unique key.
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
};

// RAII transaction: rolls back unless commit() was called.
class Transaction {
 public:
  Transaction(Connection& connection, bool write = true);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

class Database;

// A connection borrowed from the pool; returned on destruction.
class PooledConnection {
 public:
  PooledConnection(Database& database, std::unique_ptr<Connection> connection);
  ~PooledConnection();
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  PooledConnection(const PooledConnection&) = delete;
  Connection& operator*() { return *connection_; }
  Connection* operator->() { return connection_.get(); }

 private:
  Database* database_;
  std::unique_ptr<Connection> connection_;
};

class Database {
 public:
  // Opens `sqlite:PATH` or `postgresql://...` / `postgres://...` and connects once, so that
  // a wrong URL fails here. Throws core::Error: invalid_request / `invalid_database_url` for
  // an unreadable URL, DbError unavailable / `database_unavailable` when it cannot connect.
  static std::unique_ptr<Database> open(const std::string& url);
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // An idle pooled connection, or a new one; thread-safe.
  PooledConnection acquire();
  // True when the database answers a trivial query (for /readyz).
  bool ping();

 protected:
  virtual std::unique_ptr<Connection> connect() = 0;
  // Closes the idle connections. A derived class whose connections refer to its own members
  // calls it in its destructor: the pool, a member of this base, would close them only after
  // those members are gone.
  void close_idle_connections();

 private:
  friend class PooledConnection;
  void give_back(std::unique_ptr<Connection> connection);
  // Idle connections beyond this are closed, so a burst does not pin server resources.
  static constexpr std::size_t kMaxIdle = 32;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::mutex mutex_;
};

}  // namespace keyward::store
