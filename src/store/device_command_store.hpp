#pragma once
// Commands queued for devices (activate, deactivate, apply_settings, scan). A command is
// handed out at every check-in until the device acknowledges it, so a lost response never
// loses a command; clients recognise repeats by id.

#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

class DeviceCommandStore {
 public:
  explicit DeviceCommandStore(Connection& connection) : connection_(connection) {}

  // Inserts `command` (its id is ignored) and returns it with the new id.
  core::DeviceCommand queue(const core::DeviceCommand& command);
  // The device's unacknowledged commands, oldest first; outstanding ones become running.
  std::vector<core::DeviceCommand> deliver(core::Id device_id, core::UnixTime now);
  // Records the device's acknowledgement of one of its own running or outstanding commands:
  // completed when ok, else aborted. Empty when there is no such command (unknown, another
  // device's, or already finished), so repeats and forgeries change nothing.
  std::optional<core::DeviceCommand> finish(core::Id device_id, core::Id command_id, bool ok,
                                            const std::string& message, core::UnixTime now);
  // Aborts commands that waited longer than allowed: outstanding ones queued before
  // `queued_before`, running ones delivered before `delivered_before`. Returns them.
  std::vector<core::DeviceCommand> abort_overdue(core::UnixTime queued_before,
                                                 core::UnixTime delivered_before,
                                                 core::UnixTime now);
  // Every command of the device, oldest first.
  std::vector<core::DeviceCommand> list_by_device(core::Id device_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
