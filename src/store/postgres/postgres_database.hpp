#pragma once
// PostgreSQL backend over libpq: one PGconn per pooled connection, statements prepared once
// per connection under generated names, parameters sent as text so the server infers their
// types (write CAST($1 AS BIGINT) where it cannot, e.g. `$1 IS NULL`).

#include <libpq-fe.h>

#include <string>
#include <unordered_map>

#include "store/database.hpp"

namespace keyward::store {

class PostgresConnection : public Connection {
 public:
  // Connects; throws DbError unavailable with a one-line message.
  explicit PostgresConnection(const std::string& url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Engine engine() const override { return Engine::postgres; }
  Rows query(std::string_view sql, const Params& params) override;
  Rows query_planned_per_call(std::string_view sql, const Params& params) override;
  void for_each(std::string_view sql, const Params& params,
                const std::function<void(const Row&)>& visit) override;
  std::int64_t execute(std::string_view sql, const Params& params) override;
  void execute_script(std::string_view sql) override;
  void begin(bool write) override;
  void commit() override;
  void rollback() override;
  bool reusable() override;

 private:
  const std::string& prepare(std::string_view sql);
  // Takes ownership of `result`; throws a mapped DbError unless it succeeded.
  PGresult* check(PGresult* result, std::string_view sql);
  PGresult* run(std::string_view sql, const Params& params);
  // `text` (`sql` or a command around it, e.g. DECLARE) as an unnamed statement; errors name
  // `sql`.
  PGresult* run_unnamed(const std::string& text, const Params& params, std::string_view sql);
  void simple(const char* command);
  // Reads and drops the results of a command sent with PQsendQuery that were not read.
  void drain();

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> prepared name
  std::int64_t cursors_ = 0;  // names each for_each's cursor
};

class PostgresDatabase : public Database {
 public:
  // Checks that libpq can parse `url` (throws core::Error invalid_database_url otherwise).
  explicit PostgresDatabase(std::string url);
  Engine engine() const override { return Engine::postgres; }

 protected:
  std::unique_ptr<Connection> connect() override;

 private:
  std::string url_;
};

}  // namespace keyward::store
