#pragma once
// Configuration profiles (SPEC.md §2 Configuration profile).
//
// Rules:
//  - Visibility as in store/profile_store.hpp: a customer sees only the profiles it owns, a
//    reseller its own and its customers'. Anything else is 404, as if it did not exist.
//  - The owner is a reseller or a customer within the actor's scope; by default the actor's
//    own company. The operator must name one (a profile of its own could be assigned to no
//    group, see app/groups.hpp).
//  - Changes need change rights (viewers: 403) and are logged.
//  - Every save is a new revision; the devices of the groups using the profile are
//    re-evaluated in the same transaction (their applied revision is now outdated:
//    settings_incomplete).
//  - Clone copies the current settings (secrets included) into a new profile with its own
//    revision 1; groups stay with the original.
//  - Delete only while no group uses it (409 profile_in_use).
//  - Transmit queues one apply_settings command for every active device of every group that
//    uses the profile (only licenses that have not expired: expired ones are read-only).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/profile_settings.hpp"
#include "store/database.hpp"
#include "store/profile_store.hpp"

namespace keyward::app {

inline constexpr std::size_t kMaxProfileName = 100;

struct ProfileDetails {
  store::ProfileListing listing;
  core::ProfileRevision current;               // settings as devices receive them
  std::vector<store::RevisionInfo> revisions;  // newest first
  std::vector<store::GroupUse> groups;         // the groups the actor can see
};

std::pair<std::vector<store::ProfileListing>, std::int64_t> list_profiles(
    store::Database& database, const Actor& actor, const core::ListQuery& query,
    const store::ProfileFilter& filter);

ProfileDetails describe_profile(store::Database& database, const Actor& actor, core::Id profile_id);

struct ProfileDraft {
  std::string name;
  std::optional<core::Id> owner_company_id;
  core::ProfileSettings settings;
};
ProfileDetails create_profile(store::Database& database, const Actor& actor,
                              const ProfileDraft& draft);

struct ProfileSave {
  std::optional<std::string> name;
  core::ProfileSettings settings;
  bool transmit = false;  // "Save & transmit"
};
struct SavedProfile {
  ProfileDetails details;
  std::optional<std::int64_t> transmitted;  // commands queued, when transmitted
};
SavedProfile save_profile(store::Database& database, PolicyCache& policies, const Actor& actor,
                          core::Id profile_id, const ProfileSave& save);

// `owner_company_id` empty: the original's owner.
ProfileDetails clone_profile(store::Database& database, const Actor& actor, core::Id profile_id,
                             const std::string& name, std::optional<core::Id> owner_company_id);

void delete_profile(store::Database& database, const Actor& actor, core::Id profile_id);

// Returns how many apply_settings commands it queued.
std::int64_t transmit_profile(store::Database& database, const Actor& actor, core::Id profile_id);

}  // namespace keyward::app
