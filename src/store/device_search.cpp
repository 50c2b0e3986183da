#include "store/device_search.hpp"

#include <vector>

#include "core/validation.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

// Trigrams need three characters; shorter text is matched by scanning the scope's devices.
constexpr std::size_t kTrigram = 3;
// The indexes are asked for the text's last four characters (two trigrams) only, the exact
// text being tested on the candidates: each further trigram reads another posting list, and
// a broad one ("sta" of "standort12", "pc-") costs milliseconds, while the end of a term is
// its selective part ("t12", "345" of "pc-12345").
constexpr std::size_t kProbeCharacters = 4;
// The key of the SQLite search tables (migration 10): reseller_id * 2^36 + id.
constexpr std::string_view kResellerStride = "68719476736";

// The last kProbeCharacters UTF-8 characters of valid text (all of a shorter one).
std::string_view probe_of(std::string_view text) {
  std::size_t start = text.size();
  for (std::size_t found = 0; start > 0 && found < kProbeCharacters;) {
    --start;
    // A character starts at every byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) ++found;
  }
  return text.substr(start);
}

// The number of UTF-8 characters of valid text.
std::size_t character_count(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

// An FTS5 query for rows holding every trigram of `probe` (at least three characters), each a
// quoted string, which the trigram tokenizer makes one token.
std::string trigram_query(std::string_view probe) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < probe.size(); ++i) {
    if ((static_cast<unsigned char>(probe[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(probe.size());
  std::string query;
  for (std::size_t k = 0; k + kTrigram < starts.size(); ++k) {
    if (!query.empty()) query += " AND ";
    query += '"';
    for (const char c : probe.substr(starts[k], starts[k + kTrigram] - starts[k])) {
      if (c == '"') query += '"';
      query += c;
    }
    query += '"';
  }
  return query;
}

// The rowid range of the caller's reseller in a search table, or nothing for the operator.
std::string reseller_range(const core::TenantScope& scope, Params& params) {
  std::string reseller;
  switch (scope.kind()) {
    case core::CompanyKind::operator_:
      return "";
    case core::CompanyKind::reseller:
      reseller = bind(params, scope.company_id());
      break;
    case core::CompanyKind::customer:
      reseller =
          "(SELECT parent_id FROM companies WHERE id = " + bind(params, scope.company_id()) + ")";
      break;
  }
  const std::string start = reseller + " * " + std::string(kResellerStride);
  return " AND rowid BETWEEN " + start + " AND " + start + " + " + std::string(kResellerStride) +
         " - 1";
}

// Ids (the rowid's low part) of the search table's rows of the caller's reseller that hold
// the trigrams: candidates, which the caller tests against the real text.
std::string indexed_ids(std::string_view table, const std::string& match,
                        const core::TenantScope& scope, Params& params) {
  const std::string query = bind(params, match);
  return "SELECT rowid % " + std::string(kResellerStride) + " FROM " + std::string(table) +
         " WHERE " + std::string(table) + " MATCH " + query + reseller_range(scope, params);
}

// The text occurs in one of the fields. SQLite's LIKE ignores ASCII case, as the search does,
// and reads the stored fields instead of computing the derived search_key of every row.
// PostgreSQL tests the exact text with strpos, which is no index condition: a wide list asks
// its index for the probe only (not for all trigrams of the text), and a license's list reads
// the license's devices instead of the index.
std::string fields_contain(Engine engine, std::string_view lowered, std::string_view probe,
                           bool wide, Params& params) {
  if (engine == Engine::sqlite) {
    return contains_condition(lowered, {"d.hostname", "d.description", "d.ip", "d.domain"}, params);
  }
  const std::string exact = "strpos(d.search_key, " + bind(params, std::string(lowered)) + ") > 0";
  return wide ? contains_condition(probe, {"d.search_key"}, params) + " AND " + exact : exact;
}

// The same for a group's name.
std::string name_contains(Engine engine, std::string_view lowered, std::string_view probe,
                          Params& params) {
  if (engine == Engine::sqlite || probe.size() == lowered.size()) {
    return contains_condition(lowered, {"lower(g.name)"}, params);
  }
  return contains_condition(probe, {"lower(g.name)"}, params) + " AND strpos(lower(g.name), " +
         bind(params, std::string(lowered)) + ") > 0";
}

// The caller's groups (of the license, with one) whose name contains the text.
std::string group_name_condition(Engine engine, std::string_view lowered, std::string_view probe,
                                 const std::string& match, const core::TenantScope& scope,
                                 std::optional<core::Id> license_id, Params& params) {
  std::string groups;
  if (license_id) {
    // A license's groups are few: read them.
    groups = "g.license_id = " + bind(params, *license_id);
  } else if (engine == Engine::sqlite && !match.empty()) {
    groups = "g.id IN (" + indexed_ids("group_search", match, scope, params) + ")";
  } else {
    groups = "g.license_id IN (SELECT gl.id FROM licenses gl WHERE " +
             tenant_condition(scope, "gl.customer_id", "gl.reseller_id", params) + ")";
  }
  const std::string group_ids = "SELECT g.id FROM device_groups g WHERE " + groups + " AND " +
                                name_contains(engine, lowered, probe, params);
  // PostgreSQL reads `= ANY (ARRAY(…))` through the group index, and so can OR it with the
  // search index; `IN (SELECT …)` would be a filter on every device of the tenant.
  if (engine == Engine::postgres) return "d.group_id = ANY (ARRAY(" + group_ids + "))";
  return "d.group_id IN (" + group_ids + ")";
}

}  // namespace

std::string device_search_condition(Engine engine, std::string_view q,
                                    const core::TenantScope& scope,
                                    std::optional<core::Id> license_id, Params& params) {
  const std::string lowered = core::ascii_lower(q);
  // Invalid UTF-8 (the API refuses it) would split into other trigrams than the tokenizer's.
  const bool indexed = core::is_valid_utf8(lowered) && character_count(lowered) >= kTrigram;
  const std::string_view probe = indexed ? probe_of(lowered) : std::string_view(lowered);
  const std::string match = indexed ? trigram_query(probe) : std::string();
  std::string fields = fields_contain(engine, lowered, probe, !license_id, params);
  if (engine == Engine::sqlite && !license_id && indexed) {
    fields = "d.id IN (" + indexed_ids("device_search", match, scope, params) + ") AND " + fields;
  } else if (engine == Engine::postgres && !license_id) {
    // In the same AND as the text, the tenant is a key of the (reseller_id, search_key) index.
    fields = tenant_condition(scope, "d.customer_id", "d.reseller_id", params) + " AND " + fields;
  }
  return "((" + fields + ") OR " +
         group_name_condition(engine, lowered, probe, match, scope, license_id, params) + ")";
}

}  // namespace keyward::store
