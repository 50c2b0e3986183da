#pragma once
// Device groups: one main group per license and a tree of subgroups below it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// A group as the tree screen shows it: with its profile's name and its own device count.
struct GroupTreeRow {
  core::Group group;
  std::optional<std::string> profile_name;
  std::int64_t direct_devices = 0;
};

class GroupStore {
 public:
  explicit GroupStore(Connection& connection) : connection_(connection) {}

  // The license's main group (parent empty). Throws DbError unique_violation when the
  // license already has one. The caller records it with LicenseStore::set_main_group in the
  // same transaction.
  core::Group create_main(core::Id license_id, const std::string& name, core::UnixTime now);
  // A subgroup of `parent_id`, in the parent's license. Throws core::not_found for an unknown
  // parent and DbError unique_violation when a sibling has the same name (any case).
  core::Group create_subgroup(core::Id parent_id, const std::string& name, core::UnixTime now);
  // Assigns a profile to the group, or removes it (empty).
  void set_profile(core::Id group_id, std::optional<core::Id> profile_id);
  std::optional<core::Group> find(const core::TenantScope& scope, core::Id id);
  // All groups of the license (main group first, then by id), empty outside `scope`.
  std::vector<core::Group> list_by_license(const core::TenantScope& scope, core::Id license_id);
  // list_by_license with each group's profile name and device count (deactivated included).
  std::vector<GroupTreeRow> tree_rows(const core::TenantScope& scope, core::Id license_id);
  // Serialises changes of one license's tree until the transaction ends (PostgreSQL; SQLite's
  // write transaction is exclusive anyway): two concurrent moves, each harmless alone, could
  // otherwise make a cycle together.
  void lock_tree(core::Id license_id);
  // Throw DbError unique_violation when a sibling has the name (any case).
  void rename(core::Id group_id, const std::string& name);
  void move(core::Id group_id, core::Id parent_id);
  // Devices in the group plus its direct subgroups: a group can only go while this is 0.
  std::int64_t count_members(core::Id group_id);
  // Throws DbError constraint when a device or subgroup refers to it after all.
  void remove(core::Id group_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
