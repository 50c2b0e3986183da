#include "store/scope_summary_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

std::string count_where(const std::string& condition) {
  return ", COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0)";
}

void count_devices(Connection& connection, const core::TenantScope& scope,
                   core::UnixTime stale_before, ScopeSummary& summary) {
  Params params;
  std::string sql = "SELECT COUNT(*)";
  for (const core::FilterKey key : core::kAllFilterKeys) {
    sql += count_where(key == core::FilterKey::unknown
                           ? "d.last_contact_at < " + store::bind(params, stale_before)
                           : "(d.status_flags & " + std::to_string(core::flag_of(key)) + ") <> 0");
  }
  sql +=
      " FROM devices d WHERE " + tenant_condition(scope, "d.customer_id", "d.reseller_id", params);
  const Row row = *connection.query_one(sql, params);
  summary.devices = row.int64(0);
  for (std::size_t i = 0; i < core::kAllFilterKeys.size(); ++i) {
    summary.devices_by_status.emplace_back(core::kAllFilterKeys[i], row.int64(i + 1));
  }
}

void count_licenses(Connection& connection, const core::TenantScope& scope, core::UnixTime now,
                    core::UnixTime expiring_before, ScopeSummary& summary) {
  Params params;
  const std::string expired = store::bind(params, now);
  const std::string soon = store::bind(params, expiring_before);
  const Row row = *connection.query_one(
      "SELECT COUNT(*)" + count_where("l.expires_at <= " + expired) +
          count_where("l.expires_at > " + expired + " AND l.expires_at <= " + soon) +
          " FROM licenses l WHERE " +
          tenant_condition(scope, "l.customer_id", "l.reseller_id", params),
      params);
  summary.licenses = row.int64(0);
  summary.licenses_expired = row.int64(1);
  summary.licenses_expiring = row.int64(2);
}

}  // namespace

ScopeSummary summarize_scope(Connection& connection, const core::TenantScope& scope,
                             core::UnixTime now, core::UnixTime stale_before,
                             core::UnixTime expiring_before) {
  ScopeSummary summary;
  count_devices(connection, scope, stale_before, summary);
  count_licenses(connection, scope, now, expiring_before, summary);
  return summary;
}

}  // namespace keyward::store
