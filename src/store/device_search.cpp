#include "store/device_search.hpp"

#include "core/validation.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

// Trigrams need three characters; shorter text is matched by scanning the derived column.
constexpr std::size_t kTrigram = 3;

// A GLOB pattern for "contains text": SQLite's FTS5 trigram index serves GLOB and LIKE, but
// not LIKE with ESCAPE, so wildcards are escaped GLOB-style, each in brackets. GLOB is
// case-sensitive; both the indexed key and the text are lower-case.
std::string contains_glob(std::string_view lowered) {
  std::string pattern = "*";
  for (const char c : lowered) {
    if (c == '*' || c == '?' || c == '[') {
      pattern += '[';
      pattern += c;
      pattern += ']';
    } else {
      pattern += c;
    }
  }
  return pattern + "*";
}

std::string sqlite_key_condition(const std::string& lowered, bool scan, Params& params) {
  const std::string pattern = bind(params, contains_glob(lowered));
  if (scan || lowered.size() < kTrigram) return "d.search_key GLOB " + pattern;
  return "d.id IN (SELECT rowid FROM device_search WHERE device_search.search_key GLOB " + pattern +
         ")";
}

// The caller's groups (of the license, with one) whose name contains the text; few enough to
// scan.
std::string group_name_condition(std::string_view q, const core::TenantScope& scope,
                                 std::optional<core::Id> license_id, Params& params) {
  std::string tenant = tenant_condition(scope, "gl.customer_id", "gl.reseller_id", params);
  if (license_id) tenant += " AND g.license_id = " + bind(params, *license_id);
  return "d.group_id IN (SELECT g.id FROM device_groups g JOIN licenses gl ON gl.id = "
         "g.license_id WHERE " +
         tenant + " AND " + contains_condition(q, {"lower(g.name)"}, params) + ")";
}

}  // namespace

std::string device_search_condition(Engine engine, std::string_view q,
                                    const core::TenantScope& scope,
                                    std::optional<core::Id> license_id, Params& params) {
  const std::string lowered = core::ascii_lower(q);
  const std::string key = engine == Engine::sqlite
                              ? sqlite_key_condition(lowered, license_id.has_value(), params)
                              : contains_condition(lowered, {"d.search_key"}, params);
  return "(" + key + " OR " + group_name_condition(q, scope, license_id, params) + ")";
}

}  // namespace keyward::store
