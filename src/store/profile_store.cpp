#include "store/profile_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {

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
      "SELECT r.id, r.profile_id, r.revision, r.settings, r.created_by, r.created_at "
      "FROM device_groups g JOIN profiles p ON p.id = g.profile_id "
      "JOIN profile_revisions r ON r.profile_id = p.id AND r.revision = p.current_revision "
      "WHERE g.id = $1",
      {group_id});
  if (!row) return std::nullopt;
  return core::ProfileRevision{.id = row->int64(0),
                               .profile_id = row->int64(1),
                               .revision = row->int64(2),
                               .settings = row->text(3),
                               .created_by = row->opt_int64(4),
                               .created_at = row->int64(5)};
}

}  // namespace keyward::store
