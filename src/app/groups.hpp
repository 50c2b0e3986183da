#pragma once
// Device groups (SPEC.md §2 Group): the tree below a license's main group, its changes and
// the assignment of configuration profiles.
//
// Rules:
//  - Reading needs the license in the actor's scope (404 otherwise, as for a missing group).
//  - Every change needs change rights (viewers: 403) and an unexpired license (409
//    license_expired), and is logged.
//  - Names are 1..kMaxGroupName characters, unique among siblings in any letter case
//    (409 group_exists).
//  - The main group may be renamed, never moved or deleted (409 main_group).
//  - A move stays in the license's tree (409 other_license) and never goes below the group
//    itself (409 group_cycle).
//  - Only an empty group can be deleted: no devices and no subgroups (409 group_not_empty).
//    So a delete never moves or deletes devices behind the user's back; empty the group first.
//  - Profiles are not inherited: each group has its own or none. See set_group_profile.
//  - Device counts include deactivated devices (they still sit in the group).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

inline constexpr std::size_t kMaxGroupName = 100;

struct GroupProfileRef {
  core::Id id = 0;
  std::string name;
};

// A group as the tree shows it.
struct GroupView {
  core::Group group;
  int depth = 0;                    // 0: the main group
  std::int64_t direct_devices = 0;  // in the group itself
  std::int64_t total_devices = 0;   // including every subgroup
  std::optional<GroupProfileRef> profile;
};

// The license's groups in pre-order (parent first, siblings by name).
std::vector<GroupView> group_tree(store::Database& database, const Actor& actor,
                                  core::Id license_id);
GroupView describe_group(store::Database& database, const Actor& actor, core::Id group_id);

GroupView create_group(store::Database& database, const Actor& actor, core::Id parent_id,
                       const std::string& name);

struct GroupChange {
  std::optional<std::string> name;
  std::optional<core::Id> parent_id;  // the new parent; the current one changes nothing
};
GroupView change_group(store::Database& database, const Actor& actor, core::Id group_id,
                       const GroupChange& change);

void delete_group(store::Database& database, const Actor& actor, core::Id group_id);

// Assigns a profile to the group (or removes it: empty) and re-evaluates the status flags of
// the group's devices (settings_incomplete / profile_missing) in the same transaction.
// The profile must be visible to the actor (404 otherwise) and owned by the license's
// customer or by its reseller (409 profile_not_assignable): a profile of another customer
// would hand that customer's settings to this one. So a reseller may assign its own profiles
// and its customer's; a customer only its own. A group whose current profile the actor can
// not see (a customer's group with its reseller's profile) is managed by the reseller: the
// customer can not replace or remove that profile (403 forbidden).
GroupView set_group_profile(store::Database& database, PolicyCache& policies, const Actor& actor,
                            core::Id group_id, std::optional<core::Id> profile_id);

}  // namespace keyward::app
