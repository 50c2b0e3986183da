#include "store/license_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "l.id, l.license_key, l.name, l.customer_id, l.reseller_id, l.type, l.seats_total, "
    "l.seats_used, l.term_years, l.expires_at, l.notify_at, l.main_group_id, l.created_at, "
    "l.updated_at";

core::License to_license(const Row& row) {
  return core::License{
      .id = row.int64(0),
      .key = row.text(1),
      .name = row.text(2),
      .customer_id = row.int64(3),
      .reseller_id = row.int64(4),
      .type = parse_column(core::parse_license_type, row, 5),
      .seats_total = row.opt_int64(6),
      .seats_used = row.int64(7),
      .term_years = row.opt_int64(8),
      .expires_at = row.int64(9),
      .notify_at = row.opt_int64(10),
      .main_group_id = row.opt_int64(11),
      .created_at = row.int64(12),
      .updated_at = row.int64(13),
  };
}

}  // namespace

std::string_view license_columns() { return kColumns; }

core::License license_from_row(const Row& row) { return to_license(row); }

core::License LicenseStore::create(const core::License& license) {
  const Row row = *connection_.query_one(
      "INSERT INTO licenses (license_key, name, customer_id, reseller_id, type, seats_total, "
      "seats_used, term_years, expires_at, notify_at, main_group_id, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
      {license.key, license.name, license.customer_id, license.reseller_id,
       std::string(core::to_string(license.type)), nullable(license.seats_total),
       license.seats_used, nullable(license.term_years), license.expires_at,
       nullable(license.notify_at), nullable(license.main_group_id), license.created_at,
       license.updated_at});
  core::License created = license;
  created.id = row.int64(0);
  return created;
}

std::optional<core::License> LicenseStore::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM licenses l WHERE l.id = $1 AND " + condition,
      params);
  if (!row) return std::nullopt;
  return to_license(*row);
}

std::optional<core::License> LicenseStore::find_by_key(const std::string& key) {
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM licenses l WHERE l.license_key = $1", {key});
  if (!row) return std::nullopt;
  return to_license(*row);
}

std::vector<core::License> LicenseStore::list(const core::TenantScope& scope) {
  Params params;
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  std::vector<core::License> result;
  for (const Row& row :
       connection_.query("SELECT " + std::string(kColumns) + " FROM licenses l WHERE " + condition +
                             " ORDER BY l.created_at DESC, l.id DESC",
                         params)) {
    result.push_back(to_license(row));
  }
  return result;
}

std::optional<core::License> LicenseStore::find_by_key_for_update(const std::string& key) {
  const std::string lock = connection_.engine() == Engine::postgres ? " FOR UPDATE" : "";
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM licenses l WHERE l.license_key = $1" + lock,
      {key});
  if (!row) return std::nullopt;
  return to_license(*row);
}

void LicenseStore::set_main_group(core::Id license_id, core::Id group_id) {
  connection_.execute("UPDATE licenses SET main_group_id = $2 WHERE id = $1",
                      {license_id, group_id});
}

void LicenseStore::set_name_and_notify_at(core::Id license_id, const std::string& name,
                                          std::optional<std::int64_t> notify_at,
                                          core::UnixTime now) {
  connection_.execute(
      "UPDATE licenses SET name = $2, notify_at = $3, updated_at = $4, "
      "notify_reached = CASE WHEN seats_used >= $3 THEN 1 ELSE 0 END WHERE id = $1",
      {license_id, name, nullable(notify_at), now});
}

void LicenseStore::set_seats_used(core::Id license_id, std::int64_t seats_used,
                                  core::UnixTime now) {
  connection_.execute(
      "UPDATE licenses SET seats_used = $2, updated_at = $3, "
      "notify_reached = CASE WHEN $2 >= notify_at THEN 1 ELSE 0 END WHERE id = $1",
      {license_id, seats_used, now});
}

bool LicenseStore::try_take_seat(core::Id license_id) {
  return connection_.execute(
             "UPDATE licenses SET seats_used = seats_used + 1 "
             "WHERE id = $1 AND (seats_total IS NULL OR seats_used < seats_total)",
             {license_id}) == 1;
}

bool LicenseStore::release_seat(core::Id license_id) {
  return connection_.execute(
             "UPDATE licenses SET seats_used = seats_used - 1, notify_reached = CASE WHEN "
             "seats_used - 1 >= notify_at THEN notify_reached ELSE 0 END "
             "WHERE id = $1 AND seats_used > 0",
             {license_id}) == 1;
}

bool LicenseStore::set_seats_total(core::Id license_id, std::int64_t seats_total,
                                   core::UnixTime now) {
  return connection_.execute(
             "UPDATE licenses SET seats_total = $2, updated_at = $3 "
             "WHERE id = $1 AND seats_total IS NOT NULL AND seats_used <= $2",
             {license_id, seats_total, now}) == 1;
}

void LicenseStore::set_expiry(core::Id license_id, core::UnixTime expires_at, core::UnixTime now) {
  connection_.execute(
      "UPDATE licenses SET expires_at = $2, updated_at = $3, expiry_notice_days = NULL "
      "WHERE id = $1",
      {license_id, expires_at, now});
}

bool LicenseStore::claim_threshold_notice(core::Id license_id) {
  return connection_.execute(
             "UPDATE licenses SET notify_reached = 1 WHERE id = $1 AND notify_reached = 0 AND "
             "notify_at IS NOT NULL AND seats_used >= notify_at",
             {license_id}) == 1;
}

std::vector<core::Id> LicenseStore::claim_expiry_notices(std::int64_t days, core::UnixTime now) {
  std::vector<core::Id> ids;
  for (const Row& row : connection_.query(
           "UPDATE licenses SET expiry_notice_days = $1 WHERE expires_at > $2 AND "
           "expires_at <= $2 + $1 * 86400 AND (expiry_notice_days IS NULL OR "
           "expiry_notice_days > $1) RETURNING id",
           {days, now})) {
    ids.push_back(row.int64(0));
  }
  return ids;
}

namespace {
constexpr core::UnixTime kSecondsPerHour = 3600;
}  // namespace

void LicenseStore::record_activation(core::Id license_id, core::UnixTime now) {
  connection_.execute(
      "INSERT INTO activation_counts (license_id, hour, activations) VALUES ($1, $2, 1) "
      "ON CONFLICT (license_id, hour) DO UPDATE SET activations = activation_counts.activations "
      "+ 1",
      {license_id, now / kSecondsPerHour});
}

std::int64_t LicenseStore::activations_since(core::Id license_id, core::UnixTime since) {
  return connection_
      .query_one(
          "SELECT COALESCE(SUM(activations), 0) FROM activation_counts WHERE license_id = $1 "
          "AND hour >= $2",
          {license_id, since / kSecondsPerHour})
      ->int64(0);
}

void LicenseStore::forget_activations_before(core::UnixTime before) {
  connection_.execute("DELETE FROM activation_counts WHERE hour < $1",
                      {before / kSecondsPerHour});
}

}  // namespace keyward::store
