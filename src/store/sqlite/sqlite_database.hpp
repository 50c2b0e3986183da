#pragma once
// SQLite backend: one sqlite3 handle per pooled connection, in WAL mode so that readers
// never block the single writer, with a busy timeout so that concurrent writers queue
// instead of failing.

#include <sqlite3.h>

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/database.hpp"
#include "store/sqlite/sqlite_checkpointer.hpp"

namespace keyward::store {

class SqliteConnection : public Connection {
 public:
  // Opens (creating if needed) the file at `path`; throws DbError unavailable. Write
  // transactions of all connections of one process take `write_lock` first (see begin()), and
  // `checkpointer` copies the log back into the file.
  SqliteConnection(const std::string& path, std::mutex& write_lock,
                   SqliteCheckpointer& checkpointer);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::sqlite; }
  Rows query(std::string_view sql, const Params& params) override;
  void for_each(std::string_view sql, const Params& params,
                const std::function<void(const Row&)>& visit) override;
  std::int64_t execute(std::string_view sql, const Params& params) override;
  void execute_script(std::string_view sql) override;
  void begin(bool write) override;
  void commit() override;
  void rollback() override;
  bool reusable() override;

 private:
  // Runs the statement to completion; rows are collected only when `rows` is given.
  // Runs the statement and hands each result row to `visit` (none: rows are skipped).
  void run(std::string_view sql, const Params& params, const std::function<void(Row)>* visit);
  sqlite3_stmt* prepare(std::string_view sql);
  void use_write_ahead_log();
  [[noreturn]] void fail(int code, std::string_view sql);

  // Looked up by the caller's string_view, so that running a cached statement copies no SQL.
  // The hash covers the length and both ends only: statements run thousands of times a second
  // and some are long, and equal hashes still compare the whole text.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      constexpr std::size_t kEnd = 48;
      if (sql.size() <= 2 * kEnd) return std::hash<std::string_view>{}(sql);
      const std::size_t front = std::hash<std::string_view>{}(sql.substr(0, kEnd));
      const std::size_t back = std::hash<std::string_view>{}(sql.substr(sql.size() - kEnd));
      return front ^ (back * 31) ^ sql.size();
    }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
  std::mutex& write_lock_;
  std::unique_lock<std::mutex> writing_;  // held from begin(true) to commit/rollback
};

class SqliteDatabase : public Database {
 public:
  // `path` is the file; its directory must exist (a typo should not silently create a tree).
  explicit SqliteDatabase(std::string path);
  // Closes the pooled connections while the write lock and checkpointer they use still exist.
  ~SqliteDatabase() override;
  Engine engine() const override { return Engine::sqlite; }

 protected:
  std::unique_ptr<Connection> connect() override;

 private:
  std::string path_;
  std::mutex write_lock_;
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
};

// Rewrites PostgreSQL placeholders ($1) to SQLite's numbered form (?1), leaving string
// literals and quoted identifiers alone.
std::string rewrite_placeholders(std::string_view sql);

}  // namespace keyward::store
