#include "store/license_directory.hpp"

#include "store/license_store.hpp"
#include "store/paging.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

// The search covers the customer's name; the main group's name is only shown.
constexpr std::string_view kSearchFrom =
    " FROM licenses l JOIN companies c ON c.id = l.customer_id";
constexpr std::string_view kJoinMainGroup = " LEFT JOIN device_groups g ON g.id = l.main_group_id";

std::string select_columns() {
  return "SELECT " + std::string(license_columns()) + ", c.name, g.name";
}

LicenseView to_view(const Row& row) {
  const std::size_t names = row.size() - 2;
  return LicenseView{license_from_row(row), row.text(names), row.opt_text(names + 1).value_or("")};
}

// The WHERE clause (from " WHERE") of the scope, filter and search text.
std::string where(Engine engine, const core::TenantScope& scope, const LicenseFilter& filter,
                  std::string_view q, Params& params) {
  const std::string tenant = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  std::string sql = " WHERE " + tenant;
  if (filter.customer_id) sql += " AND l.customer_id = " + bind(params, *filter.customer_id);
  if (filter.expires_from) sql += " AND l.expires_at >= " + bind(params, *filter.expires_from);
  if (filter.expires_before) sql += " AND l.expires_at < " + bind(params, *filter.expires_before);
  if (!q.empty()) {
    // Licenses whose name matches, or whose customer's does. The tenant is repeated inside
    // the name's part, where PostgreSQL's (reseller_id, name trigrams) index (migration 13)
    // takes both as one index condition; the customers whose name matches are few (a
    // reseller's customers, by the (parent_id, lower(name)) indexes) and are looked up once.
    // PostgreSQL reads `= ANY (ARRAY(…))` through the customer index and ORs both bitmaps;
    // `IN (SELECT …)` would be a filter on every license of the tenant.
    const std::string customers = "SELECT cc.id FROM companies cc WHERE " +
                                  tenant_condition(scope, "cc.id", "cc.parent_id", params) +
                                  " AND " + contains_condition(q, {"lower(cc.name)"}, params);
    sql += " AND ((" + tenant + " AND " + contains_condition(q, {"lower(l.name)"}, params) +
           ") OR " +
           (engine == Engine::postgres ? "l.customer_id = ANY (ARRAY(" + customers + "))"
                                       : "l.customer_id IN (" + customers + ")") +
           ")";
  }
  return sql;
}

std::string sort_expression(const core::ListQuery& query) {
  return std::string(sort_column(query, {{"name", "lower(l.name)"},
                                         {"customer", "lower(c.name)"},
                                         {"expires_at", "l.expires_at"},
                                         {"activations", "l.seats_used"},
                                         {"type", "l.type"},
                                         {"created_at", "l.created_at"}}));
}

}  // namespace

// The list's SELECT in its order, without paging: the one text behind pages and exports.
std::string LicenseDirectory::ordered_select(const core::TenantScope& scope,
                                             const LicenseFilter& filter,
                                             const core::ListQuery& query, Params& params) {
  return select_columns() + std::string(kSearchFrom) + std::string(kJoinMainGroup) +
         where(connection_.engine(), scope, filter, query.q, params) +
         order_by(query, sort_expression(query), "l.id");
}

core::Page<LicenseView> LicenseDirectory::list(const core::TenantScope& scope,
                                               const LicenseFilter& filter,
                                               const core::ListQuery& query) {
  Params params;
  if (!query.q.empty()) {
    const std::string where_sql = where(connection_.engine(), scope, filter, query.q, params);
    return read_search_page<LicenseView>(
        connection_,
        "SELECT l.id AS id, " + sort_expression(query) + " AS sort_key FROM licenses l" +
            (query.sort == "customer" ? " JOIN companies c ON c.id = l.customer_id" : "") +
            where_sql,
        params, std::string(license_columns()) + ", c.name, g.name",
        "JOIN licenses l ON l.id = page.id JOIN companies c ON c.id = l.customer_id" +
            std::string(kJoinMainGroup),
        query, to_view);
  }
  std::string sql = ordered_select(scope, filter, query, params);
  sql += page_clause(query, params);
  Params count_params;
  const std::string count = "SELECT COUNT(*)" + std::string(kSearchFrom) +
                            where(connection_.engine(), scope, filter, query.q, count_params);
  return read_page<LicenseView>(connection_, sql, params, count, count_params, query, to_view);
}

void LicenseDirectory::for_each(const core::TenantScope& scope, const LicenseFilter& filter,
                                const core::ListQuery& query,
                                const std::function<void(const LicenseView&)>& visit) {
  Params params;
  const std::string sql = ordered_select(scope, filter, query, params);
  connection_.for_each(sql, params, [&visit](const Row& row) { visit(to_view(row)); });
}

std::int64_t LicenseDirectory::count(const core::TenantScope& scope, const LicenseFilter& filter) {
  Params params;
  return connection_
      .query_one("SELECT COUNT(*) FROM licenses l" +
                     where(connection_.engine(), scope, filter, "", params),
                 params)
      ->int64(0);
}

std::optional<LicenseView> LicenseDirectory::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  const auto row =
      connection_.query_one(select_columns() + std::string(kSearchFrom) +
                                std::string(kJoinMainGroup) + " WHERE l.id = $1 AND " + condition,
                            params);
  if (!row) return std::nullopt;
  return to_view(*row);
}

}  // namespace keyward::store
