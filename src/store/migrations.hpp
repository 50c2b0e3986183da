#pragma once
// Versioned, forward-only schema migrations. Each migration runs in its own transaction and
// is recorded in schema_migrations(version, name, applied_at). Several servers may migrate
// the same PostgreSQL database at once: a transaction-scoped advisory lock serialises them
// (SQLite serialises through BEGIN IMMEDIATE).

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace keyward::store {

struct MigrationInfo {
  std::int64_t version = 0;
  std::string name;
};

// Applies every migration the database lacks and returns those it applied, oldest first
// (empty when the schema was current). Throws core::Error conflict `database_too_new` when the
// database was migrated by a newer keyward, and DbError when a migration fails (that
// migration is rolled back; earlier ones stay applied).
std::vector<MigrationInfo> migrate(Database& database);

// The newest schema version this binary knows.
std::int64_t latest_schema_version();

// Every version this binary knows, ascending. Versions are handed out to changes developed
// side by side, so they need not be consecutive.
std::vector<std::int64_t> schema_versions();

// The version recorded in the database; 0 for an empty database.
std::int64_t schema_version(Connection& connection);

}  // namespace keyward::store
