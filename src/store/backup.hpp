#pragma once
// Backups of a Keyward database into one file, and restoring them.
//
// SQLite: the online backup API copies a consistent snapshot while a server keeps writing
// (WAL readers never block the writer); the copy is checked and only then renamed into place,
// so a backup file is either complete or absent. Restore copies the file back page by page
// under the database's write lock and refuses while another process holds it.
//
// PostgreSQL: `pg_dump --format=custom` (one consistent snapshot) and `pg_restore
// --single-transaction`, so a failed restore changes nothing. A password in the URL is handed
// to them in PGPASSWORD, never on a command line that `ps` shows.

#include <cstdint>
#include <filesystem>
#include <string>

namespace keyward::store {

struct BackupInfo {
  std::int64_t schema_version = 0;
  std::uintmax_t bytes = 0;
};

// Writes a backup of the database at `database_url` to `file`, which must not exist yet.
// Throws core::Error: invalid_request `backup_exists`, not_found `database_not_found`,
// conflict `not_a_keyward_database`, unavailable `backup_failed`.
BackupInfo backup_database(const std::string& database_url, const std::filesystem::path& file);

// Replaces the content of the database at `database_url` by the backup in `file`. A database
// that already holds a Keyward schema is overwritten only with `replace`. The restored schema
// is not migrated here (the caller decides). Throws core::Error: not_found `backup_not_found`,
// invalid_request `not_a_backup`, conflict `database_not_empty` / `backup_too_new` /
// `database_in_use`, unavailable `restore_failed`.
BackupInfo restore_database(const std::string& database_url, const std::filesystem::path& file,
                            bool replace);

}  // namespace keyward::store
