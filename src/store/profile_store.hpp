#pragma once
// Configuration profiles and their revisions (each save is a new revision).
//
// Visibility (SPEC.md §2): a profile belongs to its owner company. A customer sees the
// profiles it owns; a reseller sees its own and those of its customers; the operator sees
// all. Profiles carry no reseller column: the owner's row tells (a reseller owns it, or the
// owner's parent is the reseller), and a reseller has few enough profiles for that join.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// A profile with what the list shows about it.
struct ProfileListing {
  core::Profile profile;
  std::string owner_name;
  core::CompanyKind owner_kind = core::CompanyKind::customer;
  std::int64_t groups_using = 0;  // in every tenant: what decides whether it may be deleted
};

struct ProfileFilter {
  std::optional<core::Id> owner_company_id;
};

struct RevisionInfo {
  std::int64_t revision = 0;
  std::optional<core::Id> author_user_id;
  std::string author_name;  // empty when the author is unknown or deleted
  core::UnixTime created_at = 0;
};

struct GroupUse {
  core::Id group_id = 0;
  std::string group_name;
  core::Id license_id = 0;
  std::string license_name;
};

class ProfileStore {
 public:
  explicit ProfileStore(Connection& connection) : connection_(connection) {}

  // A new profile whose first revision (1) holds `settings` (JSON text).
  core::Profile create(core::Id owner_company_id, const std::string& name,
                       const std::string& settings, std::optional<core::Id> created_by,
                       core::UnixTime now);
  // Saves `settings` as the profile's next revision and returns its number.
  std::int64_t add_revision(core::Id profile_id, const std::string& settings,
                            std::optional<core::Id> created_by, core::UnixTime now);
  // The current revision of the profile assigned to the group; empty without a profile.
  std::optional<core::ProfileRevision> current_for_group(core::Id group_id);

  std::optional<ProfileListing> find(const core::TenantScope& scope, core::Id id);
  // One page of the profiles visible in `scope`, q over the name; and the total.
  std::pair<std::vector<ProfileListing>, std::int64_t> list(const core::TenantScope& scope,
                                                            const core::ListQuery& query,
                                                            const ProfileFilter& filter);
  // The profile's current revision (every profile has one from its creation).
  core::ProfileRevision current(core::Id profile_id);
  // Every revision, newest first, without the settings.
  std::vector<RevisionInfo> revisions(core::Id profile_id);
  // Groups visible in `scope` that use the profile, by license and group name.
  std::vector<GroupUse> groups_using(const core::TenantScope& scope, core::Id profile_id);
  // What transmitting the profile reaches: the active devices of every group that uses it,
  // on licenses that have not expired at `now`, visible in `scope`; by id. Only the columns a
  // command needs (id, license, customer, reseller) are filled in.
  std::vector<core::Device> devices_to_transmit(const core::TenantScope& scope,
                                                core::Id profile_id, core::UnixTime now);
  void rename(core::Id profile_id, const std::string& name, core::UnixTime now);
  // Deletes the profile and its revisions. Throws DbError constraint when a group uses it.
  void remove(core::Id profile_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
