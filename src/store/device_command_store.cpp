#include "store/device_command_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "id, device_id, type, payload, status, action_id, created_at, queued_at, delivered_at, "
    "completed_at, message";

core::DeviceCommand to_command(const Row& row) {
  return core::DeviceCommand{
      .id = row.int64(0),
      .device_id = row.int64(1),
      .type = row.text(2),
      .payload = row.text(3),
      .status = parse_column(core::parse_action_status, row, 4),
      .action_id = row.opt_int64(5),
      .created_at = row.int64(6),
      .queued_at = row.opt_int64(7),
      .delivered_at = row.opt_int64(8),
      .completed_at = row.opt_int64(9),
      .message = row.text(10),
  };
}

std::vector<core::DeviceCommand> to_commands(const Rows& rows) {
  std::vector<core::DeviceCommand> commands;
  commands.reserve(rows.size());
  for (const Row& row : rows) commands.push_back(to_command(row));
  return commands;
}

}  // namespace

core::DeviceCommand DeviceCommandStore::queue(const core::DeviceCommand& command) {
  const Row row = *connection_.query_one(
      "INSERT INTO device_commands (device_id, type, payload, status, action_id, created_at, "
      "queued_at, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {command.device_id, command.type, command.payload,
       std::string(core::to_string(command.status)), nullable(command.action_id),
       command.created_at, nullable(command.queued_at), command.message});
  core::DeviceCommand queued = command;
  queued.id = row.int64(0);
  return queued;
}

std::vector<core::DeviceCommand> DeviceCommandStore::deliver(core::Id device_id,
                                                             core::UnixTime now) {
  auto commands = to_commands(connection_.query(
      "SELECT " + std::string(kColumns) +
          " FROM device_commands WHERE device_id = $1 AND status IN ('outstanding', 'running') "
          "ORDER BY id",
      {device_id}));
  for (auto& command : commands) {
    if (command.status != core::ActionStatus::outstanding) continue;
    command.status = core::ActionStatus::running;
    command.delivered_at = now;
    // Only the commands read above: one queued in between is handed out next time.
    connection_.execute(
        "UPDATE device_commands SET status = 'running', delivered_at = $2 "
        "WHERE id = $1 AND status = 'outstanding'",
        {command.id, now});
  }
  return commands;
}

std::optional<core::DeviceCommand> DeviceCommandStore::finish(core::Id device_id,
                                                              core::Id command_id, bool ok,
                                                              const std::string& message,
                                                              core::UnixTime now) {
  const auto row = connection_.query_one(
      "UPDATE device_commands SET status = $3, completed_at = $4, message = $5 "
      "WHERE id = $1 AND device_id = $2 AND status IN ('outstanding', 'running') RETURNING " +
          std::string(kColumns),
      {command_id, device_id, ok ? "completed" : "aborted", now, message});
  if (!row) return std::nullopt;
  return to_command(*row);
}

std::vector<core::DeviceCommand> DeviceCommandStore::abort_overdue(core::UnixTime queued_before,
                                                                   core::UnixTime delivered_before,
                                                                   core::UnixTime now) {
  return to_commands(connection_.query(
      "UPDATE device_commands SET status = 'aborted', completed_at = $3, "
      "message = 'no answer from the device in time' "
      "WHERE (status = 'outstanding' AND queued_at < $1) "
      "OR (status = 'running' AND delivered_at < $2) RETURNING " +
          std::string(kColumns),
      {queued_before, delivered_before, now}));
}

std::vector<core::DeviceCommand> DeviceCommandStore::list_by_device(core::Id device_id) {
  return to_commands(connection_.query("SELECT " + std::string(kColumns) +
                                           " FROM device_commands WHERE device_id = $1 "
                                           "ORDER BY id",
                                       {device_id}));
}

}  // namespace keyward::store
