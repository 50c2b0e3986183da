#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <sstream>
#include <string_view>

#include "core/error.hpp"
#include "store/database.hpp"
#include "store/external_program.hpp"
#include "store/migrations.hpp"

namespace keyward::store {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorKind;

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr int kBusyTimeoutMs = 5000;

bool is_sqlite(const std::string& url) { return url.starts_with(kSqlitePrefix); }

fs::path sqlite_path(const std::string& url) { return url.substr(kSqlitePrefix.size()); }

Error unavailable(const std::string& code, const std::string& message) {
  return Error(ErrorKind::unavailable, code, message);
}

void require_absent(const fs::path& file) {
  if (fs::exists(file)) {
    throw Error(ErrorKind::invalid_request, "backup_exists",
                file.string() + " exists already; name a new file");
  }
}

void require_present(const fs::path& file) {
  if (!fs::is_regular_file(file)) {
    throw Error(ErrorKind::not_found, "backup_not_found", file.string() + " is no file");
  }
}

void require_known_version(std::int64_t version) {
  if (version > latest_schema_version()) {
    throw Error(ErrorKind::conflict, "backup_too_new",
                "the backup has schema version " + std::to_string(version) +
                    " but this keyward knows only up to version " +
                    std::to_string(latest_schema_version()) + "; restore it with a newer keyward");
  }
}

void require_empty_unless_replacing(std::int64_t target_version, bool replace) {
  if (target_version > 0 && !replace) {
    throw Error(ErrorKind::conflict, "database_not_empty",
                "the database holds Keyward data already; pass --replace to overwrite it");
  }
}

// Makes a finished file durable and then visible under its final name, so a crash leaves
// either the complete backup or none.
void publish(const fs::path& partial, const fs::path& file) {
  const int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(partial, file);
  const fs::path directory = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

// ---- SQLite --------------------------------------------------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

SqliteHandle open_sqlite(const fs::path& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    throw unavailable("database_unavailable", "cannot open " + path.string() + ": " +
                                                  (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

// The first column of the first row of `sql`; nullopt when the statement fails or has no row.
std::optional<std::string> sqlite_scalar(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) return std::nullopt;
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, sqlite3_finalize);
  if (sqlite3_step(raw) != SQLITE_ROW) return std::nullopt;
  const auto* text = sqlite3_column_text(raw, 0);
  return text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

// Whether the file is a healthy SQLite database; a file of another kind fails here too.
bool sqlite_intact(sqlite3* db) { return sqlite_scalar(db, "PRAGMA quick_check") == "ok"; }

std::int64_t sqlite_schema_version(sqlite3* db) {
  const auto version = sqlite_scalar(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return version ? std::stoll(*version) : 0;
}

// Copies every page of `from` into `to` in one step: on a WAL source that is one read
// snapshot, so writers of a running server go on meanwhile and the copy is consistent.
void copy_pages(sqlite3* from, sqlite3* to, const std::string& failure_code) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) throw unavailable(failure_code, sqlite3_errmsg(to));
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step == SQLITE_BUSY || step == SQLITE_LOCKED) {
    throw Error(ErrorKind::conflict, "database_in_use",
                "the database is locked by another process; stop the servers using it first");
  }
  if (step != SQLITE_DONE || finish != SQLITE_OK) throw unavailable(failure_code, sqlite3_errmsg(to));
}

BackupInfo backup_sqlite(const fs::path& source_path, const fs::path& file) {
  if (!fs::is_regular_file(source_path)) {
    throw Error(ErrorKind::not_found, "database_not_found", source_path.string() + " is no file");
  }
  require_absent(file);
  SqliteHandle source = open_sqlite(source_path, SQLITE_OPEN_READONLY);
  const std::int64_t version = sqlite_schema_version(source.get());
  if (version == 0) {
    throw Error(ErrorKind::conflict, "not_a_keyward_database",
                source_path.string() + " holds no Keyward schema");
  }
  const fs::path partial = file.string() + ".partial";
  fs::remove(partial);
  try {
    {
      SqliteHandle target = open_sqlite(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      copy_pages(source.get(), target.get(), "backup_failed");
      // One self-contained file: no -wal beside it when it is opened later.
      sqlite_scalar(target.get(), "PRAGMA journal_mode=DELETE");
      if (!sqlite_intact(target.get())) {
        throw unavailable("backup_failed", "the copy failed its integrity check");
      }
    }
    publish(partial, file);
  } catch (...) {
    fs::remove(partial);
    throw;
  }
  return {version, fs::file_size(file)};
}

BackupInfo restore_sqlite(const fs::path& target_path, const fs::path& file, bool replace) {
  require_present(file);
  SqliteHandle backup = open_sqlite(file, SQLITE_OPEN_READONLY);
  const std::int64_t version = sqlite_intact(backup.get()) ? sqlite_schema_version(backup.get()) : 0;
  if (version == 0) {
    throw Error(ErrorKind::invalid_request, "not_a_backup",
                file.string() + " is no Keyward SQLite backup");
  }
  require_known_version(version);
  SqliteHandle target = open_sqlite(target_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  require_empty_unless_replacing(sqlite_schema_version(target.get()), replace);
  copy_pages(backup.get(), target.get(), "restore_failed");
  return {version, fs::file_size(file)};
}

// ---- PostgreSQL ----------------------------------------------------------------------------

std::string percent_decoded(std::string_view text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      decoded.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      decoded.push_back(text[i]);
    }
  }
  return decoded;
}

// A connection URL for the PostgreSQL programs: the password moves into PGPASSWORD, so no
// command line shows it.
struct PostgresTarget {
  std::string url;
  std::map<std::string, std::string> env;
};

PostgresTarget postgres_target(const std::string& url) {
  PostgresTarget target{url, {}};
  const std::size_t authority = url.find("://");
  if (authority == std::string::npos) return target;
  const std::size_t start = authority + 3;
  const std::size_t end = url.find_first_of("/?", start);
  const std::string_view host_part =
      std::string_view(url).substr(start, end == std::string::npos ? std::string::npos : end - start);
  const std::size_t at = host_part.rfind('@');
  if (at == std::string_view::npos) return target;
  const std::size_t colon = host_part.substr(0, at).find(':');
  if (colon == std::string_view::npos) return target;
  target.env["PGPASSWORD"] = percent_decoded(host_part.substr(colon + 1, at - colon - 1));
  target.url = url.substr(0, start + colon) + url.substr(start + at);
  return target;
}

// The last line a PostgreSQL program printed on stderr: its reason for failing.
std::string last_line(const std::string& text) {
  std::string line;
  std::istringstream lines(text);
  for (std::string next; std::getline(lines, next);) {
    if (!next.empty()) line = next;
  }
  return line.empty() ? "no message" : line;
}

ProgramResult run_postgres_program(const std::vector<std::string>& argv,
                                   const PostgresTarget& target) {
  try {
    return run_program(argv, target.env);
  } catch (const std::runtime_error& error) {
    throw unavailable("postgres_tools_missing",
                      std::string(error.what()) + " (install postgresql-client)");
  }
}

// Also refuses a URL of no known engine or a server that cannot be reached.
std::int64_t postgres_schema_version(const std::string& url) {
  auto database = Database::open(url);
  PooledConnection connection = database->acquire();
  return schema_version(*connection);
}

// The newest migration recorded in a pg_dump archive, read from its schema_migrations data
// (the COPY block pg_restore prints); 0 when the archive holds none.
std::int64_t archive_schema_version(const fs::path& file) {
  const ProgramResult listing =
      run_program({"pg_restore", "--data-only", "--table=schema_migrations", "--file=-", file});
  if (listing.exit_code != 0) return 0;
  std::int64_t version = 0;
  bool in_copy = false;
  std::istringstream lines(listing.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("COPY ") && line.find("schema_migrations") != std::string::npos) {
      in_copy = true;
    } else if (line == "\\.") {
      in_copy = false;
    } else if (in_copy) {
      version = std::max<std::int64_t>(version, std::stoll(line.substr(0, line.find('\t'))));
    }
  }
  return version;
}

BackupInfo backup_postgres(const std::string& url, const fs::path& file) {
  require_absent(file);
  const std::int64_t version = postgres_schema_version(url);
  if (version == 0) {
    throw Error(ErrorKind::conflict, "not_a_keyward_database", "the database holds no Keyward schema");
  }
  const PostgresTarget target = postgres_target(url);
  const fs::path partial = file.string() + ".partial";
  fs::remove(partial);
  const ProgramResult dump = run_postgres_program(
      {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file=" + partial.string(),
       "--dbname=" + target.url},
      target);
  if (dump.exit_code != 0) {
    fs::remove(partial);
    throw unavailable("backup_failed", "pg_dump: " + last_line(dump.err));
  }
  publish(partial, file);
  return {version, fs::file_size(file)};
}

BackupInfo restore_postgres(const std::string& url, const fs::path& file, bool replace) {
  const std::int64_t target_version = postgres_schema_version(url);
  require_present(file);
  const std::int64_t version = archive_schema_version(file);
  if (version == 0) {
    throw Error(ErrorKind::invalid_request, "not_a_backup",
                file.string() + " is no Keyward pg_dump archive");
  }
  require_known_version(version);
  require_empty_unless_replacing(target_version, replace);
  const PostgresTarget target = postgres_target(url);
  std::vector<std::string> argv{"pg_restore", "--single-transaction", "--exit-on-error",
                                "--no-owner", "--no-privileges", "--dbname=" + target.url};
  if (replace) {
    argv.push_back("--clean");
    argv.push_back("--if-exists");
  }
  argv.push_back(file);
  const ProgramResult restore = run_postgres_program(argv, target);
  if (restore.exit_code != 0) {
    throw unavailable("restore_failed", "pg_restore: " + last_line(restore.err));
  }
  return {version, fs::file_size(file)};
}

}  // namespace

BackupInfo backup_database(const std::string& database_url, const fs::path& file) {
  if (is_sqlite(database_url)) return backup_sqlite(sqlite_path(database_url), file);
  return backup_postgres(database_url, file);
}

BackupInfo restore_database(const std::string& database_url, const fs::path& file,
                            bool replace) {
  if (is_sqlite(database_url)) return restore_sqlite(sqlite_path(database_url), file, replace);
  return restore_postgres(database_url, file, replace);
}

}  // namespace keyward::store
