#pragma once
// Devices: the machines that activated with a license. Lookups by token and by machine id are
// unscoped on purpose (they are the device's own credentials); portal reads take a scope.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// What a check-in needs besides the device: the revision of its group's profile.
struct CheckinContext {
  core::Device device;
  std::optional<std::int64_t> profile_revision;  // empty: the group has no profile
  bool has_unfinished_commands = false;          // a command outstanding or running
};

// Which devices page_for_evaluation walks: all, or those of one group, or those of every
// group that uses one profile (after a profile assignment or a new revision).
struct EvaluationFilter {
  std::optional<core::Id> group_id;
  std::optional<core::Id> profile_id;
};

// A device as a check-in leaves it, and as it was read.
struct ReportChange {
  core::Device device;
  core::Device before;
};

class DeviceStore {
 public:
  explicit DeviceStore(Connection& connection) : connection_(connection) {}

  // Inserts `device` (its id is ignored) and returns it with the new id. Throws DbError
  // unique_violation when the license already has this machine id.
  core::Device create(const core::Device& device);
  std::optional<core::Device> find(const core::TenantScope& scope, core::Id id);
  std::optional<core::Device> find_by_machine(core::Id license_id, const std::string& machine_id);
  std::optional<CheckinContext> find_for_checkin(const std::string& token_hash);
  // The same for several tokens, in their order (empty for an unknown token): a few
  // statements for the whole batch instead of one per token.
  std::vector<std::optional<CheckinContext>> find_for_checkins(
      const std::vector<std::string_view>& token_hashes);
  // True when the token belonged to a device that has since been deleted.
  bool is_deleted_token(const std::string& token_hash);
  void set_token(core::Id device_id, const std::string& token_hash);
  // Writes what a report or activation changes: identity fields, health, applied settings,
  // contact times and status flags. `before` is the row as stored: only the columns that
  // differ from it are written, so that the usual check-in rewrites no index page and runs no
  // trigger, and nothing at all when none differs.
  void save_report(const core::Device& device, const core::Device& before);
  // save_report for several devices, with few statements for many of them.
  void save_reports(const std::vector<ReportChange>& reports);
  void set_active(core::Id device_id, bool active, std::optional<core::UnixTime> deactivated_at);
  void set_status_flags(core::Id device_id, std::int64_t status_flags);
  // Up to `limit` devices with an id above `after_id`, by id: for walking all devices in
  // batches (recomputing status flags after a policy change).
  std::vector<CheckinContext> page_for_evaluation(core::Id after_id, std::int64_t limit,
                                                  const EvaluationFilter& filter = {});
  // One device with its group's profile revision, for re-evaluating its status.
  std::optional<CheckinContext> find_for_evaluation(core::Id device_id);
  // Other devices of the license with the same host name (ASCII letters in any case).
  std::int64_t count_same_hostname(core::Id license_id, const std::string& hostname,
                                   core::Id except_device_id);
  // At most `limit` of them, by id.
  std::vector<core::Id> ids_with_hostname(core::Id license_id, const std::string& hostname,
                                          core::Id except_device_id, std::int64_t limit);
  // Deletes the device and keeps its token hash, so its client is told it was deleted.
  void remove(core::Id device_id, core::UnixTime now);
  // Devices of a license, by id (the portal lists come with the Portal API).
  std::vector<core::Device> list_by_license(const core::TenantScope& scope, core::Id license_id);
  // The portal's changes of a device.
  void set_description(core::Id device_id, const std::string& description);
  // `muted_categories`: JSON array of status category names (core/device_mute).
  void set_muted(core::Id device_id, core::MuteLevel level, const std::string& muted_categories);
  // Puts the device into `group`; the license and tenant columns follow the group's license.
  void move_to_group(core::Id device_id, const core::Group& group, const core::License& license);
  // Devices of the license that hold an activation (active ones).
  std::int64_t count_active(core::Id license_id);

 private:
  std::optional<CheckinContext> find_for_checkin(std::string_view token_hash);
  void save_indexed_columns(const core::Device& device, const core::Device& before);
  void save_reports_sqlite(const std::vector<ReportChange>& reports);

  Connection& connection_;
};

// The device columns (`d.…` of `devices d`) and the device read from a row that starts with
// them, for queries of other stores that join devices.
std::string_view device_columns();
core::Device device_from_row(const Row& row);

}  // namespace keyward::store
