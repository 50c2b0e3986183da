#include "store/group_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "g.id, g.license_id, g.parent_id, g.name, g.profile_id, g.created_at";

core::Group to_group(const Row& row) {
  return core::Group{
      .id = row.int64(0),
      .license_id = row.int64(1),
      .parent_id = row.opt_int64(2),
      .name = row.text(3),
      .profile_id = row.opt_int64(4),
      .created_at = row.int64(5),
  };
}

}  // namespace

core::Group GroupStore::create_main(core::Id license_id, const std::string& name,
                                    core::UnixTime now) {
  const Row row = *connection_.query_one(
      "INSERT INTO device_groups (license_id, parent_id, name, created_at) "
      "VALUES ($1, NULL, $2, $3) RETURNING id",
      {license_id, name, now});
  return core::Group{.id = row.int64(0), .license_id = license_id, .name = name, .created_at = now};
}

core::Group GroupStore::create_subgroup(core::Id parent_id, const std::string& name,
                                        core::UnixTime now) {
  const auto row = connection_.query_one(
      "INSERT INTO device_groups (license_id, parent_id, name, created_at) "
      "SELECT license_id, id, $2, CAST($3 AS BIGINT) FROM device_groups WHERE id = $1 RETURNING "
      "id, license_id",
      {parent_id, name, now});
  if (!row) throw core::not_found("group");
  return core::Group{.id = row->int64(0),
                     .license_id = row->int64(1),
                     .parent_id = parent_id,
                     .name = name,
                     .created_at = now};
}

std::optional<core::Group> GroupStore::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) +
          " FROM device_groups g JOIN licenses l ON l.id = g.license_id WHERE g.id = $1 AND " +
          condition,
      params);
  if (!row) return std::nullopt;
  return to_group(*row);
}

std::vector<core::Group> GroupStore::list_by_license(const core::TenantScope& scope,
                                                     core::Id license_id) {
  Params params{license_id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  std::vector<core::Group> result;
  for (const Row& row : connection_.query(
           "SELECT " + std::string(kColumns) +
               " FROM device_groups g JOIN licenses l ON l.id = g.license_id "
               "WHERE g.license_id = $1 AND " +
               condition + " ORDER BY CASE WHEN g.parent_id IS NULL THEN 0 ELSE 1 END, g.id",
           params)) {
    result.push_back(to_group(row));
  }
  return result;
}

std::vector<GroupTreeRow> GroupStore::tree_rows(const core::TenantScope& scope,
                                                core::Id license_id) {
  Params params{license_id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  std::vector<GroupTreeRow> result;
  for (const Row& row : connection_.query(
           "SELECT " + std::string(kColumns) +
               ", p.name, (SELECT COUNT(*) FROM devices d WHERE d.group_id = g.id) "
               "FROM device_groups g JOIN licenses l ON l.id = g.license_id "
               "LEFT JOIN profiles p ON p.id = g.profile_id WHERE g.license_id = $1 AND " +
               condition + " ORDER BY g.id",
           params)) {
    result.push_back({to_group(row), row.opt_text(6), row.int64(7)});
  }
  return result;
}

void GroupStore::lock_tree(core::Id license_id) {
  if (connection_.engine() == Engine::postgres) {
    connection_.query("SELECT id FROM licenses WHERE id = $1 FOR UPDATE", {license_id});
  }
}

void GroupStore::rename(core::Id group_id, const std::string& name) {
  connection_.execute("UPDATE device_groups SET name = $2 WHERE id = $1", {group_id, name});
}

void GroupStore::move(core::Id group_id, core::Id parent_id) {
  connection_.execute("UPDATE device_groups SET parent_id = $2 WHERE id = $1",
                      {group_id, parent_id});
}

std::int64_t GroupStore::count_members(core::Id group_id) {
  return connection_
      .query_one(
          "SELECT (SELECT COUNT(*) FROM devices WHERE group_id = $1) + "
          "(SELECT COUNT(*) FROM device_groups WHERE parent_id = $1)",
          {group_id})
      ->int64(0);
}

void GroupStore::remove(core::Id group_id) {
  connection_.execute("DELETE FROM device_groups WHERE id = $1", {group_id});
}

void GroupStore::set_profile(core::Id group_id, std::optional<core::Id> profile_id) {
  connection_.execute("UPDATE device_groups SET profile_id = $2 WHERE id = $1",
                      {group_id, nullable(profile_id)});
}

}  // namespace keyward::store
