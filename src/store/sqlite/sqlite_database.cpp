#include "store/sqlite/sqlite_database.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <thread>

namespace keyward::store {
namespace {

// Long enough to ride out a burst of writers on a busy server; each writer holds the lock
// for one short transaction.
constexpr int kBusyTimeoutMs = 10000;

DbErrorKind classify(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbErrorKind::unique_violation;
    default:
      break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return DbErrorKind::constraint;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbErrorKind::serialization;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
      return DbErrorKind::unavailable;
    default:
      return DbErrorKind::other;
  }
}

// By default SQLite keeps allocation statistics under a global mutex, taken at every one of
// the many allocations a statement makes; nothing here reads them. The setting only takes
// before SQLite initialises, so the first connection of the process applies it (later calls
// are refused harmlessly).
void skip_memory_statistics() {
  static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  static_cast<void>(once);
}

// A column as text, as Row holds it. Integers are formatted here: SQLite would allocate a
// buffer per integer column to convert it, and free it again when the row is done.
std::optional<std::string> column_text(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
      return std::nullopt;
    case SQLITE_INTEGER: {
      char digits[24];
      const auto end =
          std::to_chars(digits, digits + sizeof digits, sqlite3_column_int64(statement, column));
      return std::string(digits, end.ptr);
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
    }
  }
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
  std::string result;
  result.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      result += '?';
      continue;
    }
    result += c;
  }
  return result;
}

SqliteConnection::SqliteConnection(const std::string& path, std::mutex& write_lock,
                                   SqliteCheckpointer& checkpointer)
    : write_lock_(write_lock) {
  skip_memory_statistics();
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(DbErrorKind::unavailable, "cannot open SQLite database " + path + ": " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  try {
    // NORMAL is durable in WAL mode except for the last transactions before a power cut.
    // A 32 MiB page cache (default 2 MiB) holds the devices table of a large fleet.
    use_write_ahead_log();
    execute_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;");
    checkpointer.attach(db_);
  } catch (const DbError& error) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(DbErrorKind::unavailable,
                  "cannot open SQLite database " + path + ": " + error.what());
  }
}

void SqliteConnection::use_write_ahead_log() {
  // The mode is stored in the file: only its first connection switches, and a switch that
  // races with another connection's (a server and a command starting together on a new
  // file) answers SQLITE_BUSY without consulting the busy handler, so it is retried here.
  constexpr int kAttempts = 100;
  for (int attempt = 1;; ++attempt) {
    try {
      if (query("PRAGMA journal_mode", {}).at(0).text(0) == "wal") return;
      execute_script("PRAGMA journal_mode=WAL");
      return;
    } catch (const DbError& error) {
      if (error.db_kind() != DbErrorKind::serialization || attempt == kAttempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close(db_);
}

void SqliteConnection::fail(int code, std::string_view sql) {
  const int extended = sqlite3_extended_errcode(db_);
  std::string message = sqlite3_errmsg(db_);
  if (!sql.empty() && classify(extended) == DbErrorKind::other) {
    message += " (in: " + std::string(sql.substr(0, 200)) + ")";
  }
  throw DbError(classify(extended != 0 ? extended : code), message);
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
  const std::string rewritten = rewrite_placeholders(sql);
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                    SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  statements_.emplace(std::string(sql), statement);
  return statement;
}

void SqliteConnection::run(std::string_view sql, const Params& params,
                           const std::function<void(Row)>* visit) {
  sqlite3_stmt* statement = prepare(sql);
  // Reset on every exit path so the cached statement is ready and releases its read lock.
  struct Reset {
    sqlite3_stmt* statement;
    ~Reset() {
      sqlite3_reset(statement);
      sqlite3_clear_bindings(statement);
    }
  } reset{statement};
  const int expected = sqlite3_bind_parameter_count(statement);
  if (static_cast<int>(params.size()) != expected) {
    throw DbError(DbErrorKind::other, "statement expects " + std::to_string(expected) +
                                          " parameters, got " + std::to_string(params.size()) +
                                          ": " + std::string(sql.substr(0, 200)));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(statement, index, *integer);
    } else if (const auto* real = std::get_if<double>(&params[i])) {
      rc = sqlite3_bind_double(statement, index, *real);
    } else if (const auto* text = std::get_if<std::string>(&params[i])) {
      // STATIC: `params` outlives the statement's use, which ends with the reset below, so
      // SQLite need not copy each text.
      rc = sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()),
                             SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(statement, index);
    }
    if (rc != SQLITE_OK) fail(rc, sql);
  }
  for (;;) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW) fail(rc, sql);
    if (visit == nullptr) continue;
    const int count = sqlite3_column_count(statement);
    std::vector<std::optional<std::string>> columns;
    columns.reserve(static_cast<std::size_t>(count));
    for (int c = 0; c < count; ++c) columns.emplace_back(column_text(statement, c));
    (*visit)(Row(std::move(columns)));
  }
}

Rows SqliteConnection::query(std::string_view sql, const Params& params) {
  Rows rows;
  const std::function<void(Row)> collect = [&rows](Row row) { rows.push_back(std::move(row)); };
  run(sql, params, &collect);
  return rows;
}

void SqliteConnection::for_each(std::string_view sql, const Params& params,
                                const std::function<void(const Row&)>& visit) {
  // SQLite steps through the result as it is read: nothing beyond the current row is held.
  const std::function<void(Row)> forward = [&visit](Row row) { visit(row); };
  run(sql, params, &forward);
}

std::int64_t SqliteConnection::execute(std::string_view sql, const Params& params) {
  run(sql, params, nullptr);
  return sqlite3_changes64(db_);
}

void SqliteConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    const std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    throw DbError(classify(sqlite3_extended_errcode(db_)), message);
  }
}

void SqliteConnection::begin(bool write) {
  // SQLite has one writer at a time. Writers of this process queue on a mutex: SQLite's own
  // busy handler would make them sleep and poll (milliseconds each), which caps concurrent
  // activations at a few hundred per second. IMMEDIATE then takes the file's write lock
  // (waiting via the busy timeout only for other processes), so a transaction that reads and
  // then writes never fails with SQLITE_BUSY halfway through.
  if (write) writing_ = std::unique_lock(write_lock_);
  try {
    execute(write ? "BEGIN IMMEDIATE" : "BEGIN", {});
  } catch (...) {
    if (writing_.owns_lock()) writing_.unlock();
    throw;
  }
}

void SqliteConnection::commit() {
  execute("COMMIT", {});
  if (writing_.owns_lock()) writing_.unlock();
}

void SqliteConnection::rollback() {
  // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
  if (sqlite3_get_autocommit(db_) == 0) execute("ROLLBACK", {});
  if (writing_.owns_lock()) writing_.unlock();
}

bool SqliteConnection::reusable() { return sqlite3_get_autocommit(db_) != 0; }

SqliteDatabase::SqliteDatabase(std::string path) : path_(std::move(path)) {
  if (path_.empty() || path_ == ":memory:") {
    throw core::Error(core::ErrorKind::invalid_request, "invalid_database_url",
                      "sqlite: URL needs a file path, e.g. sqlite:/var/lib/keyward/keyward.db");
  }
  const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  std::error_code ignored;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ignored)) {
    throw DbError(DbErrorKind::unavailable, "cannot open SQLite database " + path_ +
                                                ": directory " + parent.string() +
                                                " does not exist");
  }
  checkpointer_ = std::make_unique<SqliteCheckpointer>(path_, write_lock_);
}

SqliteDatabase::~SqliteDatabase() { close_idle_connections(); }

std::unique_ptr<Connection> SqliteDatabase::connect() {
  return std::make_unique<SqliteConnection>(path_, write_lock_, *checkpointer_);
}

}  // namespace keyward::store
