#include "store/postgres/postgres_database.hpp"

#include <charconv>
#include <memory>

namespace keyward::store {
namespace {

// Rows per FETCH of for_each's cursor: one result of a few hundred kilobytes.
constexpr int kCursorPage = 1000;

// libpq messages span several lines ("connection refused\n\tIs the server running...");
// logs and API errors want one.
std::string first_line(const char* text) {
  std::string line = text != nullptr ? text : "";
  if (const auto end = line.find('\n'); end != std::string::npos) line.resize(end);
  return line.empty() ? "unknown error" : line;
}

DbErrorKind classify(std::string_view sqlstate) {
  if (sqlstate == "23505") return DbErrorKind::unique_violation;
  // Class 23 is integrity constraints; P0001 is RAISE EXCEPTION from our triggers.
  if (sqlstate.starts_with("23") || sqlstate == "P0001") return DbErrorKind::constraint;
  if (sqlstate == "40001" || sqlstate == "40P01") return DbErrorKind::serialization;
  // Class 08 is connection failures; 57P0x is the server shutting down or restarting.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return DbErrorKind::unavailable;
  return DbErrorKind::other;
}

void ignore_notice(void*, const char*) {}

std::string to_text(double value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

// Parameters as libpq takes them: texts that live as long as this, null pointers for NULL.
struct TextParams {
  explicit TextParams(const Params& params) : texts(params.size()), values(params.size()) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
        texts[i] = std::to_string(*integer);
      } else if (const auto* real = std::get_if<double>(&params[i])) {
        texts[i] = to_text(*real);
      } else if (const auto* text = std::get_if<std::string>(&params[i])) {
        texts[i] = *text;
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
  }
  std::vector<std::string> texts;
  std::vector<const char*> values;
};

Row row_at(const PGresult* result, int r) {
  const int column_count = PQnfields(result);
  std::vector<std::optional<std::string>> columns;
  columns.reserve(static_cast<std::size_t>(column_count));
  for (int c = 0; c < column_count; ++c) {
    if (PQgetisnull(result, r, c)) {
      columns.emplace_back(std::nullopt);
    } else {
      columns.emplace_back(std::string(PQgetvalue(result, r, c),
                                       static_cast<std::size_t>(PQgetlength(result, r, c))));
    }
  }
  return Row(std::move(columns));
}

// Every row of a successful result, which it frees.
Rows rows_of(PGresult* result) {
  std::unique_ptr<PGresult, decltype(&PQclear)> owned(result, PQclear);
  const int row_count = PQntuples(result);
  Rows rows;
  rows.reserve(static_cast<std::size_t>(row_count));
  for (int r = 0; r < row_count; ++r) rows.push_back(row_at(result, r));
  return rows;
}

}  // namespace

PostgresConnection::PostgresConnection(const std::string& url) {
  // connect_timeout comes first so that a value in the URL overrides it.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "keyward", url.c_str(), nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ == nullptr) throw DbError(DbErrorKind::unavailable, "cannot allocate a connection");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const char* host = PQhost(conn_);
    const char* port = PQport(conn_);
    std::string message = "cannot connect to PostgreSQL";
    if (host != nullptr && *host != '\0') {
      message +=
          std::string(" at ") + host + (port != nullptr && *port ? ":" + std::string(port) : "");
    }
    message += ": " + first_line(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw DbError(DbErrorKind::unavailable, message);
  }
  // NOTICEs (e.g. "relation already exists, skipping") would otherwise go to stderr.
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

PostgresConnection::~PostgresConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

PGresult* PostgresConnection::check(PGresult* result, std::string_view sql) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  std::unique_ptr<PGresult, decltype(&PQclear)> owned(result, PQclear);
  if (PQstatus(conn_) != CONNECTION_OK) {
    statements_.clear();
    throw DbError(DbErrorKind::unavailable,
                  "lost the connection to PostgreSQL: " + first_line(PQerrorMessage(conn_)));
  }
  const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const DbErrorKind kind = classify(sqlstate != nullptr ? sqlstate : "");
  std::string message = primary != nullptr ? primary : first_line(PQerrorMessage(conn_));
  if (kind == DbErrorKind::other && !sql.empty()) {
    message += " (in: " + std::string(sql.substr(0, 200)) + ")";
  }
  throw DbError(kind, message);
}

const std::string& PostgresConnection::prepare(std::string_view sql) {
  const std::string key(sql);
  if (auto found = statements_.find(key); found != statements_.end()) return found->second;
  std::string name = "kw" + std::to_string(statements_.size() + 1);
  PQclear(check(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr), sql));
  return statements_.emplace(key, std::move(name)).first->second;
}

PGresult* PostgresConnection::run(std::string_view sql, const Params& params) {
  const std::string& name = prepare(sql);
  const TextParams texts(params);
  return check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                              texts.values.data(), nullptr, nullptr, 0),
               sql);
}

void PostgresConnection::drain() {
  while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
}

Rows PostgresConnection::query(std::string_view sql, const Params& params) {
  return rows_of(run(sql, params));
}

Rows PostgresConnection::query_planned_per_call(std::string_view sql, const Params& params) {
  return rows_of(run_unnamed(std::string(sql), params, sql));
}

// The unnamed statement of PQexecParams is planned with the values bound, every time.
PGresult* PostgresConnection::run_unnamed(const std::string& text, const Params& params,
                                          std::string_view sql) {
  const TextParams texts(params);
  return check(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                            texts.values.data(), nullptr, nullptr, 0),
               sql);
}

void PostgresConnection::for_each(std::string_view sql, const Params& params,
                                  const std::function<void(const Row&)>& visit) {
  // A cursor read in pages: the memory of one page, whatever the result's length. (libpq's
  // single-row mode allocates a result per row, which cost more than the rows' own work in
  // a 100,000-row export.) A cursor lives in a transaction: the caller's, or one of its own.
  const bool own_transaction = PQtransactionStatus(conn_) == PQTRANS_IDLE;
  if (own_transaction) simple("BEGIN READ ONLY");
  const std::string cursor = "kw_each" + std::to_string(++cursors_);
  try {
    const std::string declare = "DECLARE " + cursor + " NO SCROLL CURSOR FOR " + std::string(sql);
    PQclear(run_unnamed(declare, params, sql));
    // The next page is asked for before this one is visited, so the server reads it while
    // the caller works (an export's rows), instead of each waiting for the other.
    const std::string fetch = "FETCH " + std::to_string(kCursorPage) + " FROM " + cursor;
    if (PQsendQuery(conn_, fetch.c_str()) != 1) check(nullptr, sql);
    for (;;) {
      std::unique_ptr<PGresult, decltype(&PQclear)> page(check(PQgetResult(conn_), sql), PQclear);
      drain();
      const int row_count = PQntuples(page.get());
      const bool more = row_count == kCursorPage;
      if (more && PQsendQuery(conn_, fetch.c_str()) != 1) check(nullptr, sql);
      for (int r = 0; r < row_count; ++r) visit(row_at(page.get(), r));
      if (!more) break;
    }
    simple(("CLOSE " + cursor).c_str());
    if (own_transaction) simple("COMMIT");
  } catch (...) {
    drain();  // a page asked for in advance
    // The caller's transaction is rolled back by its owner; a cursor of an aborted one is
    // gone with it, and one of a healthy one is closed.
    if (own_transaction) {
      rollback();
    } else if (PQtransactionStatus(conn_) == PQTRANS_INTRANS) {
      PQclear(PQexec(conn_, ("CLOSE " + cursor).c_str()));
    }
    throw;
  }
}

std::int64_t PostgresConnection::execute(std::string_view sql, const Params& params) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(run(sql, params), PQclear);
  const char* changed = PQcmdTuples(result.get());
  std::int64_t count = 0;
  std::from_chars(changed, changed + std::char_traits<char>::length(changed), count);
  return count;
}

void PostgresConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  PQclear(check(PQexec(conn_, text.c_str()), {}));
}

void PostgresConnection::simple(const char* command) { PQclear(check(PQexec(conn_, command), {})); }

void PostgresConnection::begin(bool) {
  // READ COMMITTED for both kinds: row locks and conditional updates carry correctness.
  simple("BEGIN");
}

void PostgresConnection::commit() { simple("COMMIT"); }

void PostgresConnection::rollback() {
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) simple("ROLLBACK");
}

bool PostgresConnection::reusable() {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

PostgresDatabase::PostgresDatabase(std::string url) : url_(std::move(url)) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url_.c_str(), &error);
  if (options == nullptr) {
    const std::string why = first_line(error);
    PQfreemem(error);
    throw core::Error(core::ErrorKind::invalid_request, "invalid_database_url",
                      "invalid PostgreSQL URL: " + why);
  }
  PQconninfoFree(options);
}

std::unique_ptr<Connection> PostgresDatabase::connect() {
  return std::make_unique<PostgresConnection>(url_);
}

}  // namespace keyward::store
