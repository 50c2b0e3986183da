#pragma once
// The action log: every change and every device command, append-only (the database rejects
// DELETE). Only status, end time and client message of an entry move forward, and each status
// an entry reaches is kept with its time (its timeline).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// An entry with its device's current host name (empty when the entry names no device or
// the device was deleted since).
struct ActionView {
  core::ActionLogEntry entry;
  std::string device_hostname;
};

struct ActionFilter {
  std::vector<core::ActionStatus> statuses;  // any of them; empty: every entry
};

inline constexpr std::string_view kActionSortKeys[] = {"started_at", "status", "action"};

class ActionLogStore {
 public:
  explicit ActionLogStore(Connection& connection) : connection_(connection) {}

  // Inserts `entry` (its id is ignored) and returns it with the new id; its status at
  // started_at is the first step of its timeline.
  core::ActionLogEntry append(const core::ActionLogEntry& entry);
  // Moves a command's entry on (e.g. outstanding → completed) at `at` and adds the step to its
  // timeline; false for an unknown id.
  bool update_status(core::Id entry_id, core::ActionStatus status, core::UnixTime at,
                     std::optional<core::UnixTime> ended_at, const std::string& client_message);
  // How many entries of `action` the license got since `since` (the activation churn limit).
  std::int64_t count_since(core::Id license_id, const std::string& action, core::UnixTime since);
  // The device's entries with their timelines, newest first.
  std::vector<core::ActionLogEntry> list_by_device(core::Id device_id, std::int64_t limit = 100);
  // The license's entries with their timelines, newest first, empty outside `scope`.
  std::vector<core::ActionLogEntry> list_by_license(const core::TenantScope& scope,
                                                    core::Id license_id, std::int64_t limit = 100,
                                                    std::int64_t offset = 0);
  // The page of the license's entries (with their timelines) that pass `filter` and whose
  // action, author, client message or device host name contains query.q; empty outside
  // `scope`.
  core::Page<ActionView> page_by_license(const core::TenantScope& scope, core::Id license_id,
                                         const ActionFilter& filter, const core::ListQuery& query);

 private:
  void add_transition(core::Id entry_id, core::ActionStatus status, core::UnixTime at);
  // Fills in the timelines of `entries` with one query.
  void read_timelines(std::vector<core::ActionLogEntry*> entries);

  Connection& connection_;
};

}  // namespace keyward::store
