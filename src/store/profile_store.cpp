#include "store/profile_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kListingColumns =
    "p.id, p.owner_company_id, p.name, p.current_revision, p.created_at, p.updated_at, o.name, "
    "o.kind, (SELECT COUNT(*) FROM device_groups u WHERE u.profile_id = p.id)";

constexpr std::string_view kListingFrom =
    " FROM profiles p JOIN companies o ON o.id = p.owner_company_id";

// The reseller a profile belongs to, for tenant_condition (empty for the operator's own).
constexpr std::string_view kResellerOfOwner =
    "CASE WHEN o.kind = 'reseller' THEN o.id ELSE o.parent_id END";

std::string visible(const core::TenantScope& scope, Params& params) {
  return tenant_condition(scope, "p.owner_company_id", kResellerOfOwner, params);
}

ProfileListing to_listing(const Row& row) {
  return ProfileListing{
      .profile = {.id = row.int64(0),
                  .owner_company_id = row.int64(1),
                  .name = row.text(2),
                  .current_revision = row.int64(3),
                  .created_at = row.int64(4),
                  .updated_at = row.int64(5)},
      .owner_name = row.text(6),
      .owner_kind = parse_column(core::parse_company_kind, row, 7),
      .groups_using = row.int64(8),
  };
}

core::ProfileRevision to_revision(const Row& row) {
  return core::ProfileRevision{.id = row.int64(0),
                               .profile_id = row.int64(1),
                               .revision = row.int64(2),
                               .settings = row.text(3),
                               .created_by = row.opt_int64(4),
                               .created_at = row.int64(5)};
}

constexpr std::string_view kRevisionColumns =
    "r.id, r.profile_id, r.revision, r.settings, r.created_by, r.created_at";

}  // namespace

core::Profile ProfileStore::create(core::Id owner_company_id, const std::string& name,
                                   const std::string& settings,
                                   std::optional<core::Id> created_by, core::UnixTime now) {
  const Row row = *connection_.query_one(
      "INSERT INTO profiles (owner_company_id, name, current_revision, created_at, updated_at) "
      "VALUES ($1, $2, 0, $3, $3) RETURNING id",
      {owner_company_id, name, now});
  core::Profile profile{.id = row.int64(0),
                        .owner_company_id = owner_company_id,
                        .name = name,
                        .created_at = now,
                        .updated_at = now};
  profile.current_revision = add_revision(profile.id, settings, created_by, now);
  return profile;
}

std::int64_t ProfileStore::add_revision(core::Id profile_id, const std::string& settings,
                                        std::optional<core::Id> created_by, core::UnixTime now) {
  const std::int64_t revision =
      connection_
          .query_one(
              "UPDATE profiles SET current_revision = current_revision + 1, updated_at = $2 "
              "WHERE id = $1 RETURNING current_revision",
              {profile_id, now})
          ->int64(0);
  connection_.execute(
      "INSERT INTO profile_revisions (profile_id, revision, settings, created_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {profile_id, revision, settings, nullable(created_by), now});
  return revision;
}

std::optional<core::ProfileRevision> ProfileStore::current_for_group(core::Id group_id) {
  const auto row = connection_.query_one(
      "SELECT " + std::string(kRevisionColumns) +
          " FROM device_groups g JOIN profiles p ON p.id = g.profile_id "
          "JOIN profile_revisions r ON r.profile_id = p.id AND r.revision = p.current_revision "
          "WHERE g.id = $1",
      {group_id});
  if (!row) return std::nullopt;
  return to_revision(*row);
}

std::optional<ProfileListing> ProfileStore::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = visible(scope, params);
  const auto row = connection_.query_one("SELECT " + std::string(kListingColumns) +
                                             std::string(kListingFrom) + " WHERE p.id = $1 AND " +
                                             condition,
                                         params);
  if (!row) return std::nullopt;
  return to_listing(*row);
}

std::pair<std::vector<ProfileListing>, std::int64_t> ProfileStore::list(
    const core::TenantScope& scope, const core::ListQuery& query, const ProfileFilter& filter) {
  Params params;
  std::string where = " WHERE " + visible(scope, params);
  if (!query.q.empty()) where += " AND " + contains_condition(query.q, {"lower(p.name)"}, params);
  if (filter.owner_company_id) {
    where += " AND p.owner_company_id = " + bind(params, *filter.owner_company_id);
  }
  const std::int64_t total =
      connection_.query_one("SELECT COUNT(*)" + std::string(kListingFrom) + where, params)
          ->int64(0);
  const std::string order = order_by(
      query, {{"name", "lower(p.name)"}, {"updated_at", "p.updated_at"}, {"created_at", "p.id"}},
      "p.id");
  std::vector<ProfileListing> page;
  for (const Row& row : connection_.query("SELECT " + std::string(kListingColumns) +
                                              std::string(kListingFrom) + where + order +
                                              page_clause(query, params),
                                          params)) {
    page.push_back(to_listing(row));
  }
  return {std::move(page), total};
}

core::ProfileRevision ProfileStore::current(core::Id profile_id) {
  const auto row = connection_.query_one(
      "SELECT " + std::string(kRevisionColumns) +
          " FROM profiles p JOIN profile_revisions r ON r.profile_id = p.id AND "
          "r.revision = p.current_revision WHERE p.id = $1",
      {profile_id});
  if (!row) throw core::not_found("profile");
  return to_revision(*row);
}

std::vector<RevisionInfo> ProfileStore::revisions(core::Id profile_id) {
  std::vector<RevisionInfo> result;
  for (const Row& row : connection_.query(
           "SELECT r.revision, r.created_by, COALESCE(u.name, ''), r.created_at "
           "FROM profile_revisions r LEFT JOIN users u ON u.id = r.created_by "
           "WHERE r.profile_id = $1 ORDER BY r.revision DESC",
           {profile_id})) {
    result.push_back({row.int64(0), row.opt_int64(1), row.text(2), row.int64(3)});
  }
  return result;
}

std::vector<GroupUse> ProfileStore::groups_using(const core::TenantScope& scope,
                                                 core::Id profile_id) {
  Params params{profile_id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  std::vector<GroupUse> result;
  for (const Row& row : connection_.query(
           "SELECT g.id, g.name, l.id, l.name FROM device_groups g "
           "JOIN licenses l ON l.id = g.license_id WHERE g.profile_id = $1 AND " +
               condition + " ORDER BY lower(l.name), l.id, lower(g.name), g.id",
           params)) {
    result.push_back({row.int64(0), row.text(1), row.int64(2), row.text(3)});
  }
  return result;
}

std::vector<core::Device> ProfileStore::devices_to_transmit(const core::TenantScope& scope,
                                                           core::Id profile_id,
                                                           core::UnixTime now) {
  Params params{profile_id, now};
  const std::string condition = tenant_condition(scope, "d.customer_id", "d.reseller_id", params);
  std::vector<core::Device> devices;
  for (const Row& row : connection_.query(
           "SELECT d.id, d.license_id, d.customer_id, d.reseller_id FROM devices d "
           "JOIN device_groups g ON g.id = d.group_id JOIN licenses l ON l.id = d.license_id "
           "WHERE g.profile_id = $1 AND d.active = 1 AND l.expires_at >= $2 AND " +
               condition + " ORDER BY d.id",
           params)) {
    devices.push_back({.id = row.int64(0),
                       .license_id = row.int64(1),
                       .customer_id = row.int64(2),
                       .reseller_id = row.int64(3)});
  }
  return devices;
}

void ProfileStore::rename(core::Id profile_id, const std::string& name, core::UnixTime now) {
  connection_.execute("UPDATE profiles SET name = $2, updated_at = $3 WHERE id = $1",
                      {profile_id, name, now});
}

void ProfileStore::remove(core::Id profile_id) {
  connection_.execute("DELETE FROM profiles WHERE id = $1", {profile_id});
}

}  // namespace keyward::store
