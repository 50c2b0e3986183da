#include "store/device_search.hpp"

#include <set>
#include <vector>

#include "core/validation.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

// Trigrams need three characters; shorter text is matched by scanning the scope's devices.
constexpr std::size_t kTrigram = 3;
// How many of the text's trigrams the SQLite index is asked for: each one more reads another
// posting list (a broad one, such as "pc-", costs milliseconds), while the candidates that
// fewer trigrams let through are tested against the fields anyway. Spread over the text,
// they keep a term's selective part (its end, in "standort12" or "pc-12345").
constexpr std::size_t kMaxTrigrams = 6;
// The key of the SQLite search tables (migration 10): reseller_id * 2^36 + id.
constexpr std::string_view kResellerStride = "68719476736";

// The UTF-8 characters of valid text, each as its bytes.
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> result;
  for (std::size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t size = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    result.push_back(text.substr(at, size));
    at += size;
  }
  return result;
}

// An FTS5 query for rows holding up to kMaxTrigrams of the text's trigrams, each a quoted
// string (the trigram tokenizer makes each one token); empty when the text has no trigram.
std::string trigram_query(std::string_view lowered) {
  const auto chars = characters(lowered);
  if (chars.size() < kTrigram) return "";
  std::vector<std::string> trigrams;
  for (std::size_t i = 0; i + kTrigram <= chars.size(); ++i) {
    trigrams.emplace_back(chars[i].data(), chars[i + 2].data() + chars[i + 2].size());
  }
  std::set<std::string> chosen;
  const std::size_t count = std::min(kMaxTrigrams, trigrams.size());
  for (std::size_t k = 0; k < count; ++k) {
    // Evenly spread, the last trigram always among them.
    chosen.insert(trigrams[(trigrams.size() - 1) - k * (trigrams.size() - 1) / std::max<std::size_t>(count - 1, 1)]);
  }
  std::string query;
  for (const std::string& trigram : chosen) {
    if (!query.empty()) query += " AND ";
    query += '"';
    for (const char c : trigram) {
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
      reseller = "(SELECT parent_id FROM companies WHERE id = " + bind(params, scope.company_id()) + ")";
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
std::string fields_contain(Engine engine, std::string_view q, Params& params) {
  if (engine == Engine::postgres) return contains_condition(q, {"d.search_key"}, params);
  return contains_condition(q, {"d.hostname", "d.description", "d.ip", "d.domain"}, params);
}

// The caller's groups (of the license, with one) whose name contains the text.
std::string group_name_condition(Engine engine, std::string_view q, const std::string& match,
                                 const core::TenantScope& scope, std::optional<core::Id> license_id,
                                 Params& params) {
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
                                contains_condition(q, {"lower(g.name)"}, params);
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
  const std::string match =
      core::is_valid_utf8(lowered) ? trigram_query(lowered) : std::string();
  std::string fields = fields_contain(engine, q, params);
  if (engine == Engine::sqlite && !license_id && !match.empty()) {
    fields = "(d.id IN (" + indexed_ids("device_search", match, scope, params) + ") AND " +
             fields + ")";
  }
  return "(" + fields + " OR " + group_name_condition(engine, q, match, scope, license_id, params) +
         ")";
}

}  // namespace keyward::store
