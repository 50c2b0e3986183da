#pragma once
// Configuration profiles and their revisions (each save is a new revision).

#include <optional>
#include <string>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

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

 private:
  Connection& connection_;
};

}  // namespace keyward::store
