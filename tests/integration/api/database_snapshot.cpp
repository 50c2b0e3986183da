#include "database_snapshot.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace keyward::test {
namespace {

// Tables that change because somebody called at all, not because something was changed.
bool records_access(const std::string& table) {
  return table == "api_tokens" || table == "sessions" || table == "schema_migrations" ||
         table.find("login") != std::string::npos || table.starts_with("sqlite_");
}

std::vector<std::string> tables(const TestDatabase& database) {
  const bool sqlite = database.url().starts_with("sqlite:");
  const std::string listing = database.sql(
      sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
             : "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
               "ORDER BY tablename");
  std::vector<std::string> names;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && !records_access(line)) names.push_back(line);
  }
  return names;
}

// The rows in a fixed order: sorted as text, since not every table has a unique first column.
std::string sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  std::string result;
  for (const auto& line : lines) result += line + "\n";
  return result;
}

}  // namespace

std::string database_snapshot(const TestDatabase& database) {
  std::string snapshot;
  for (const std::string& table : tables(database)) {
    snapshot += "== " + table + "\n" + sorted_lines(database.sql("SELECT * FROM " + table));
  }
  return snapshot;
}

}  // namespace keyward::test
