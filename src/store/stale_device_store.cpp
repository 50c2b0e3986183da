#include "store/stale_device_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

std::string target_condition(const DeviceTarget& target, Params& params) {
  std::string sql = tenant_condition(target.scope, "d.customer_id", "d.reseller_id", params);
  if (target.license_id) sql += " AND d.license_id = " + store::bind(params, *target.license_id);
  return sql;
}

}  // namespace

std::string contact_before_condition(core::UnixTime before, Params& params) {
  const std::string day = store::bind(params, before / kSecondsPerDay);
  return "(d.last_contact_day <= " + day + " AND d.last_contact_at < " +
         store::bind(params, before) + ")";
}

std::string stale_condition(const StaleSelection& selection, Params& params) {
  return "(d.active = 1 AND " + contact_before_condition(selection.contact_before, params) +
         " AND EXISTS (SELECT 1 FROM licenses sl WHERE sl.id = d.license_id AND sl.expires_at >= " +
         store::bind(params, selection.now) + "))";
}

std::vector<core::Id> StaleDeviceStore::stale_ids(const DeviceTarget& target,
                                                  const StaleSelection& selection,
                                                  std::size_t limit) {
  Params params;
  std::string sql = "SELECT d.id FROM devices d WHERE " + target_condition(target, params) +
                    " AND " + stale_condition(selection, params) +
                    " ORDER BY d.last_contact_at, d.id LIMIT " +
                    store::bind(params, static_cast<std::int64_t>(limit));
  std::vector<core::Id> ids;
  for (const Row& row : connection_.query(sql, params)) ids.push_back(row.int64(0));
  return ids;
}

std::int64_t StaleDeviceStore::count(const DeviceTarget& target, const StaleSelection& selection) {
  Params params;
  const std::string sql = "SELECT COUNT(*) FROM devices d WHERE " +
                          target_condition(target, params) + " AND " +
                          stale_condition(selection, params);
  return connection_.query_one(sql, params)->int64(0);
}

std::set<core::Id> StaleDeviceStore::within(const DeviceTarget& target,
                                            const std::vector<core::Id>& ids) {
  std::set<core::Id> found;
  if (ids.empty()) return found;
  Params params;
  std::string list;
  for (const core::Id id : ids) list += (list.empty() ? "" : ", ") + store::bind(params, id);
  const std::string sql = "SELECT d.id FROM devices d WHERE " + target_condition(target, params) +
                          " AND d.id IN (" + list + ")";
  for (const Row& row : connection_.query(sql, params)) found.insert(row.int64(0));
  return found;
}

std::optional<core::StaleRule> StaleDeviceStore::rule(core::Id company_id) {
  const auto row = connection_.query_one(
      "SELECT enabled, days FROM stale_device_rules WHERE company_id = $1", {company_id});
  if (!row) return std::nullopt;
  return core::StaleRule{.enabled = row->boolean(0), .days = row->int64(1)};
}

void StaleDeviceStore::save_rule(core::Id company_id, const core::StaleRule& rule,
                                 core::UnixTime now) {
  connection_.execute(
      "INSERT INTO stale_device_rules (company_id, enabled, days, updated_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (company_id) DO UPDATE SET enabled = excluded.enabled, "
      "days = excluded.days, updated_at = excluded.updated_at",
      {company_id, std::int64_t{rule.enabled ? 1 : 0}, rule.days, now});
}

std::vector<EnabledStaleRule> StaleDeviceStore::enabled_rules() {
  std::vector<EnabledStaleRule> rules;
  for (const Row& row : connection_.query("SELECT company_id, days FROM stale_device_rules WHERE "
                                          "enabled = 1 ORDER BY company_id")) {
    rules.push_back({row.int64(0), row.int64(1)});
  }
  return rules;
}

}  // namespace keyward::store
