#pragma once
// Device groups: one main group per license and a tree of subgroups below it.

#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

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

 private:
  Connection& connection_;
};

}  // namespace keyward::store
