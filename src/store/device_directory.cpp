#include "store/device_directory.hpp"

#include <map>

#include "store/device_search.hpp"
#include "store/device_store.hpp"
#include "store/paging.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

std::string has_key(core::FilterKey key, core::UnixTime unknown_before, Params& params) {
  if (key == core::FilterKey::unknown) return contact_before_condition(unknown_before, params);
  return "(d.status_flags & " + std::to_string(core::flag_of(key)) + ") <> 0";
}

std::string status_condition(core::StatusFlags statuses, core::UnixTime unknown_before,
                             Params& params) {
  std::string condition;
  const core::StatusFlags stored = statuses & ~core::flag_of(core::FilterKey::unknown);
  if (stored != 0) condition = "(d.status_flags & " + bind(params, std::int64_t{stored}) + ") <> 0";
  if ((statuses & core::flag_of(core::FilterKey::unknown)) != 0) {
    if (!condition.empty()) condition += " OR ";
    condition += contact_before_condition(unknown_before, params);
  }
  return "(" + condition + ")";
}

// The worst code of `category` as SQL: the codes of the status table, highest first.
std::string worst_code(core::StatusCategory category, core::UnixTime unknown_before,
                       Params& params) {
  std::map<int, std::string, std::greater<>> conditions_by_code;
  for (const auto key : core::kAllFilterKeys) {
    if (core::category_of(key) != category) continue;
    std::string& condition = conditions_by_code[core::code_of(key)];
    if (!condition.empty()) condition += " OR ";
    condition += has_key(key, unknown_before, params);
  }
  std::string sql = "(CASE";
  for (const auto& [code, condition] : conditions_by_code) {
    sql += " WHEN " + condition + " THEN " + std::to_string(code);
  }
  return sql + " ELSE 10 END)";
}

constexpr std::string_view kJoinNames =
    " JOIN device_groups g ON g.id = d.group_id JOIN licenses l ON l.id = d.license_id "
    "JOIN companies c ON c.id = d.customer_id LEFT JOIN profiles p ON p.id = g.profile_id";
std::string from_with_names() { return " FROM devices d" + std::string(kJoinNames); }
constexpr std::string_view kNameColumns = ", g.name, l.name, c.name, p.current_revision";

std::string where(Engine engine, const core::TenantScope& scope, const DeviceFilter& filter,
                  std::string_view q, Params& params) {
  // One license's devices belong to its tenant (a move between licenses moves the device's
  // customer and reseller with it), so the license's own row decides the tenant. Asked of the
  // devices as well, the reseller's condition tempted PostgreSQL into ANDing a bitmap of all
  // the reseller's devices (265,000 in the benchmark) with the license's 10,000.
  std::string sql =
      filter.license_id
          ? " WHERE d.license_id = (SELECT tl.id FROM licenses tl WHERE tl.id = " +
                bind(params, *filter.license_id) + " AND " +
                tenant_condition(scope, "tl.customer_id", "tl.reseller_id", params) + ")"
          : " WHERE " + tenant_condition(scope, "d.customer_id", "d.reseller_id", params);
  if (filter.group_id) sql += " AND d.group_id = " + bind(params, *filter.group_id);
  if (filter.statuses != 0) {
    sql += " AND " + status_condition(filter.statuses, filter.unknown_before, params);
  }
  if (filter.stale) sql += " AND " + stale_condition(*filter.stale, params);
  if (!q.empty()) {
    sql += " AND " + device_search_condition(engine, q, scope, filter.license_id, params);
  }
  return sql;
}

DeviceView to_view(const Row& row) {
  const std::size_t extra = row.size() - 4;
  return DeviceView{device_from_row(row), row.text(extra), row.text(extra + 1), row.text(extra + 2),
                    row.opt_int64(extra + 3)};
}

// The list's sort expression; binds its parameters after the WHERE clause's.
std::string sort_expression(const DeviceFilter& filter, const core::ListQuery& query,
                            Params& params) {
  // Built only when used: it binds parameters.
  const std::string status_order =
      query.sort != "status"
          ? std::string()
          : worst_code(core::StatusCategory::device, filter.unknown_before, params) + " * 100 + " +
                worst_code(core::StatusCategory::settings, filter.unknown_before, params);
  return std::string(sort_column(query, {{"hostname", "d.hostname_key"},
                                         {"description", "lower(d.description)"},
                                         {"group", "lower(g.name)"},
                                         {"license", "lower(l.name)"},
                                         {"ip", "d.ip"},
                                         {"domain", "lower(d.domain)"},
                                         {"os", "lower(d.os_name)"},
                                         {"infections", "d.infections"},
                                         {"last_contact", "d.last_contact_at"},
                                         {"status", status_order},
                                         {"client_version", "d.client_version"}}));
}

}  // namespace

// The list's SELECT in its order, without paging: the one text behind pages and exports.
std::string DeviceDirectory::ordered_select(const core::TenantScope& scope,
                                            const DeviceFilter& filter,
                                            const core::ListQuery& query, Params& params) {
  const std::string where_sql = where(connection_.engine(), scope, filter, query.q, params);
  return "SELECT " + std::string(device_columns()) + std::string(kNameColumns) + from_with_names() +
         where_sql + order_by(query, sort_expression(filter, query, params), "d.id");
}

core::Page<DeviceView> DeviceDirectory::list(const core::TenantScope& scope,
                                             const DeviceFilter& filter,
                                             const core::ListQuery& query) {
  Params params;
  if (!query.q.empty()) {
    const std::string where_sql = where(connection_.engine(), scope, filter, query.q, params);
    const std::string sort = sort_expression(filter, query, params);
    // Only the sorts by a name need the joins for every match.
    const bool by_name = query.sort == "group" || query.sort == "license";
    const std::string matches = "SELECT d.id AS id, " + sort + " AS sort_key" +
                                (by_name ? from_with_names() : std::string(" FROM devices d")) +
                                where_sql;
    return read_search_page<DeviceView>(
        connection_, matches, params, std::string(device_columns()) + std::string(kNameColumns),
        "JOIN devices d ON d.id = page.id" + std::string(kJoinNames), query, to_view);
  }
  std::string sql = ordered_select(scope, filter, query, params);
  sql += page_clause(query, params);
  Params count_params;
  const std::string count = "SELECT COUNT(*) FROM devices d" +
                            where(connection_.engine(), scope, filter, query.q, count_params);
  return read_page<DeviceView>(connection_, sql, params, count, count_params, query, to_view);
}

void DeviceDirectory::for_each(const core::TenantScope& scope, const DeviceFilter& filter,
                               const core::ListQuery& query,
                               const std::function<void(const DeviceView&)>& visit) {
  Params params;
  const std::string sql = ordered_select(scope, filter, query, params);
  connection_.for_each(sql, params, [&visit](const Row& row) { visit(to_view(row)); });
}

StatusCounts DeviceDirectory::count_by_status(const core::TenantScope& scope,
                                              core::UnixTime unknown_before) {
  Params params;
  std::string sql = "SELECT COUNT(*)";
  for (const auto key : core::kAllFilterKeys) {
    sql += ", COALESCE(SUM(CASE WHEN " + has_key(key, unknown_before, params) +
           " THEN 1 ELSE 0 END), 0)";
  }
  sql +=
      " FROM devices d WHERE " + tenant_condition(scope, "d.customer_id", "d.reseller_id", params);
  const Row row = *connection_.query_one(sql, params);
  StatusCounts counts;
  counts.total = row.int64(0);
  for (const auto key : core::kAllFilterKeys) {
    counts.per_key[static_cast<std::size_t>(core::bit_of(key))] =
        row.int64(1 + static_cast<std::size_t>(core::bit_of(key)));
  }
  return counts;
}

}  // namespace keyward::store
