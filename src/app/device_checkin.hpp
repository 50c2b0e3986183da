#pragma once
// A device's periodic check-in (SPEC.md §5): store its report, record the results of earlier
// commands, hand out its pending commands.

#include <exception>
#include <string>
#include <variant>
#include <vector>

#include "app/policy.hpp"
#include "core/device_report.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct CheckinReply {
  std::vector<core::DeviceCommand> commands;
  std::int64_t settings_revision = 0;  // of the group's profile; 0 without one
  std::int64_t checkin_interval_s = 0;
};

struct CheckinRequest {
  std::string token_hash;
  core::CheckinReport report;
  std::string peer_address;
};

// Runs inside the caller's transaction (the batcher commits many check-ins at once).
// Errors: 401 invalid_token, 410 device_deleted; neither writes anything. `memo`: see
// core::OsEolMemo; it must belong to policy's calendar.
CheckinReply process_checkin(store::Connection& connection, const Policy& policy,
                             const CheckinRequest& request, core::UnixTime now,
                             core::OsEolMemo* memo = nullptr);

using CheckinOutcome = std::variant<CheckinReply, std::exception_ptr>;

// The check-ins of a batch, in order, as process_checkin one after another would run them,
// but with few statements for the usual ones: their devices are read together, and their
// rows written together before anything else runs (see store::DeviceStore::save_reports).
// A refused check-in's outcome holds its error; a database error is thrown.
std::vector<CheckinOutcome> process_checkins(store::Connection& connection, const Policy& policy,
                                             const std::vector<const CheckinRequest*>& requests,
                                             core::UnixTime now, core::OsEolMemo* memo = nullptr);

struct DeviceSettings {
  std::int64_t revision = 0;            // 0 without a profile
  std::optional<std::string> settings;  // JSON text; empty without a profile
};

// GET /agent/v1/settings: the current settings of the device's group profile.
DeviceSettings settings_for_device(store::Database& database, const std::string& token_hash);

}  // namespace keyward::app
