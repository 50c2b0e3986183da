#include "store/device_store.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "core/validation.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "d.id, d.license_id, d.customer_id, d.reseller_id, d.group_id, d.machine_id, d.token_hash, "
    "d.hostname, d.description, d.ip, d.domain, d.os_name, d.os_version, d.os_build, "
    "d.client_version, d.infections, d.realtime_on, d.updates_on, d.settings_revision, "
    "d.settings_applied_at, d.muted, d.muted_categories, d.active, d.deactivated_at, "
    "d.first_contact_at, d.last_contact_at, d.status_flags";
constexpr std::size_t kColumnCount = 27;

// A device with its group's profile revision (column kColumnCount).
const std::string& evaluation_select() {
  static const std::string select =
      "SELECT " + std::string(kColumns) +
      ", p.current_revision FROM devices d JOIN device_groups g ON g.id = d.group_id "
      "LEFT JOIN profiles p ON p.id = g.profile_id";
  return select;
}

// The check-in hot path reads a device with its group's profile revision (column
// kColumnCount) and whether a command is outstanding or running for it: one seek into the
// (device_id, status) index. Of the statuses the table allows (created, outstanding, running,
// waiting, completed, aborted), exactly those two sort between 'outstanding' and 'running';
// a range is one seek where two equalities were two subqueries, and an IN list would make
// SQLite build a temporary b-tree at every execution.
constexpr std::string_view kCheckinFrom =
    ", p.current_revision, "
    "CASE WHEN EXISTS (SELECT 1 FROM device_commands c WHERE c.device_id = d.id AND "
    "c.status BETWEEN 'outstanding' AND 'running') THEN 1 ELSE 0 END FROM devices d "
    "JOIN device_groups g ON g.id = d.group_id LEFT JOIN profiles p ON p.id = g.profile_id";

const std::string& checkin_select() {
  static const std::string select =
      "SELECT " + std::string(kColumns) + std::string(kCheckinFrom) + " WHERE d.token_hash = $1";
  return select;
}

// On PostgreSQL every statement is a round trip, so a batch of check-ins reads and writes its
// devices this many at a time.
constexpr std::size_t kBatchRows = 64;

// "$first, $first+1, ..., $first+count-1"
std::string placeholders(std::size_t first, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ", ";
    text += "$" + std::to_string(first + i);
  }
  return text;
}

// The check-in statement for `count` tokens.
std::string checkin_select_many(std::size_t count) {
  return "SELECT " + std::string(kColumns) + std::string(kCheckinFrom) +
         " WHERE d.token_hash IN (" + placeholders(1, count) + ")";
}

CheckinContext checkin_context(const Row& row);

std::int64_t flag(bool value) { return value ? 1 : 0; }

Value column_value(const std::string& value) { return value; }
Value column_value(std::int64_t value) { return value; }
Value column_value(bool value) { return flag(value); }
Value column_value(const std::optional<std::int64_t>& value) { return nullable(value); }

// A column that a check-in report changes: its name, SQL type, value, and whether two devices
// have the same value (compared in place, without building a Value).
struct ReportColumn {
  std::string_view name;
  std::string_view type;
  Value (*value)(const core::Device&);
  bool (*same)(const core::Device&, const core::Device&);
};

template <auto Member>
constexpr ReportColumn report_column(std::string_view name, std::string_view type) {
  return {name, type, [](const core::Device& device) { return column_value(device.*Member); },
          [](const core::Device& a, const core::Device& b) { return a.*Member == b.*Member; }};
}

constexpr std::array<ReportColumn, 12> kReportColumns = {{
    report_column<&core::Device::ip>("ip", "TEXT"),
    report_column<&core::Device::domain>("domain", "TEXT"),
    report_column<&core::Device::os_name>("os_name", "TEXT"),
    report_column<&core::Device::os_version>("os_version", "TEXT"),
    report_column<&core::Device::os_build>("os_build", "TEXT"),
    report_column<&core::Device::client_version>("client_version", "TEXT"),
    report_column<&core::Device::infections>("infections", "BIGINT"),
    report_column<&core::Device::realtime_on>("realtime_on", "INTEGER"),
    report_column<&core::Device::updates_on>("updates_on", "INTEGER"),
    report_column<&core::Device::settings_revision>("settings_revision", "BIGINT"),
    report_column<&core::Device::settings_applied_at>("settings_applied_at", "BIGINT"),
    report_column<&core::Device::last_contact_at>("last_contact_at", "BIGINT"),
}};

core::Device to_device(const Row& row) {
  return core::Device{
      .id = row.int64(0),
      .license_id = row.int64(1),
      .customer_id = row.int64(2),
      .reseller_id = row.int64(3),
      .group_id = row.int64(4),
      .machine_id = row.text(5),
      .token_hash = row.text(6),
      .hostname = row.text(7),
      .description = row.text(8),
      .ip = row.text(9),
      .domain = row.text(10),
      .os_name = row.text(11),
      .os_version = row.text(12),
      .os_build = row.text(13),
      .client_version = row.text(14),
      .infections = row.int64(15),
      .realtime_on = row.boolean(16),
      .updates_on = row.boolean(17),
      .settings_revision = row.int64(18),
      .settings_applied_at = row.opt_int64(19),
      .muted = parse_column(core::parse_mute_level, row, 20),
      .muted_categories = row.text(21),
      .active = row.boolean(22),
      .deactivated_at = row.opt_int64(23),
      .first_contact_at = row.int64(24),
      .last_contact_at = row.int64(25),
      .status_flags = row.int64(26),
  };
}

void append_report_values(const core::Device& device, Params& params) {
  for (const ReportColumn& column : kReportColumns) params.push_back(column.value(device));
}

// The same for `count` devices in one statement: the values come as a union of one-row
// SELECTs (portable where VALUES with column names is not), each parameter cast to its type.
std::string report_update_many(std::size_t count) {
  std::string text = "UPDATE devices SET ";
  for (std::size_t i = 0; i < kReportColumns.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::string(kReportColumns[i].name) + " = v." + std::string(kReportColumns[i].name);
  }
  text += " FROM (";
  const std::size_t per_row = kReportColumns.size() + 1;
  for (std::size_t row = 0; row < count; ++row) {
    if (row > 0) text += " UNION ALL ";
    std::size_t next = row * per_row + 1;
    text += "SELECT CAST($" + std::to_string(next++) + " AS BIGINT) AS id";
    for (const ReportColumn& column : kReportColumns) {
      text += ", CAST($" + std::to_string(next++) + " AS " + std::string(column.type) + ") AS " +
              std::string(column.name);
    }
  }
  return text + ") AS v WHERE devices.id = v.id";
}

constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t contact_day(const core::Device& device) {
  return device.last_contact_at / kSecondsPerDay;
}

// Appends "column = $n" to `sql` (a SET list, after a comma when `params` holds more than the
// id) for each column that differs from `before`, and its value to `params`: the report
// columns (with `report`) and the indexed ones (host name, status flags, contact day).
// Only those: SQLite rewrites the entries of every index whose columns an UPDATE sets,
// changed or not (status flags and contact day have three indexes each), and setting ip or
// domain runs the device search trigger. A usual check-in sets only its contact time.
void set_changed_columns(const core::Device& device, const core::Device& before, bool report,
                         std::string& sql, Params& params) {
  const auto set = [&](std::string_view column, Value value) {
    if (params.size() > 1) sql += ", ";
    params.push_back(std::move(value));
    sql += column;
    sql += " = $";
    sql += std::to_string(params.size());
  };
  if (report) {
    for (const ReportColumn& column : kReportColumns) {
      if (!column.same(device, before)) set(column.name, column.value(device));
    }
  }
  if (device.hostname != before.hostname) {
    set("hostname", device.hostname);
    set("hostname_key", core::ascii_lower(device.hostname));
  }
  if (device.status_flags != before.status_flags) set("status_flags", device.status_flags);
  if (contact_day(device) != contact_day(before)) set("last_contact_day", contact_day(device));
}

// Whether a report changes nothing but the contact time (within the same day): what
// set_changed_columns would then write is last_contact_at alone.
bool only_contact_time_changed(const core::Device& device, const core::Device& before) {
  if (device.last_contact_at == before.last_contact_at) return false;
  for (const ReportColumn& column : kReportColumns) {
    if (column.name != "last_contact_at" && !column.same(device, before)) return false;
  }
  return device.hostname == before.hostname && device.status_flags == before.status_flags &&
         contact_day(device) == contact_day(before);
}

// "UPDATE devices SET <the changed columns> WHERE id = $1"; nothing when no column changed.
void update_changed_columns(Connection& connection, const core::Device& device,
                            const core::Device& before, bool report) {
  std::string sql = "UPDATE devices SET ";
  Params params{device.id};
  set_changed_columns(device, before, report, sql, params);
  if (params.size() == 1) return;
  sql += " WHERE id = $1";
  connection.execute(sql, params);
}

CheckinContext checkin_context(const Row& row) {
  return CheckinContext{to_device(row), row.opt_int64(kColumnCount),
                        row.int64(kColumnCount + 1) != 0};
}

}  // namespace

std::string_view device_columns() { return kColumns; }

core::Device device_from_row(const Row& row) { return to_device(row); }

core::Device DeviceStore::create(const core::Device& device) {
  const Row row = *connection_.query_one(
      "INSERT INTO devices (license_id, customer_id, reseller_id, group_id, machine_id, "
      "token_hash, hostname, hostname_key, description, ip, domain, os_name, os_version, os_build, "
      "client_version, infections, realtime_on, updates_on, settings_revision, "
      "settings_applied_at, muted, muted_categories, active, deactivated_at, first_contact_at, "
      "last_contact_at, status_flags, last_contact_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
      "$27, $28) RETURNING id",
      {device.license_id,
       device.customer_id,
       device.reseller_id,
       device.group_id,
       device.machine_id,
       device.token_hash,
       device.hostname,
       core::ascii_lower(device.hostname),
       device.description,
       device.ip,
       device.domain,
       device.os_name,
       device.os_version,
       device.os_build,
       device.client_version,
       device.infections,
       flag(device.realtime_on),
       flag(device.updates_on),
       device.settings_revision,
       nullable(device.settings_applied_at),
       std::string(core::to_string(device.muted)),
       device.muted_categories,
       flag(device.active),
       nullable(device.deactivated_at),
       device.first_contact_at,
       device.last_contact_at,
       device.status_flags,
       contact_day(device)});
  core::Device created = device;
  created.id = row.int64(0);
  return created;
}

std::optional<core::Device> DeviceStore::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = tenant_condition(scope, "d.customer_id", "d.reseller_id", params);
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM devices d WHERE d.id = $1 AND " + condition,
      params);
  if (!row) return std::nullopt;
  return to_device(*row);
}

std::optional<core::Device> DeviceStore::find_by_machine(core::Id license_id,
                                                         const std::string& machine_id) {
  const auto row = connection_.query_one("SELECT " + std::string(kColumns) +
                                             " FROM devices d WHERE d.license_id = $1 AND "
                                             "d.machine_id = $2",
                                         {license_id, machine_id});
  if (!row) return std::nullopt;
  return to_device(*row);
}

std::optional<CheckinContext> DeviceStore::find_for_checkin(const std::string& token_hash) {
  return find_for_checkin(std::string_view(token_hash));
}

std::optional<CheckinContext> DeviceStore::find_for_checkin(std::string_view token_hash) {
  const auto row = connection_.query_one(checkin_select(), {std::string(token_hash)});
  if (!row) return std::nullopt;
  return checkin_context(*row);
}

std::vector<std::optional<CheckinContext>> DeviceStore::find_for_checkins(
    const std::vector<std::string_view>& token_hashes) {
  // A few statements for the whole batch: on PostgreSQL each statement is a round trip, and on
  // SQLite starting and ending a statement costs more than reading its row (measured with
  // callgrind: half the instructions of one statement per token, although SQLite builds a
  // temporary b-tree for the IN list at each execution).
  std::vector<std::optional<CheckinContext>> contexts(token_hashes.size());
  for (std::size_t first = 0; first < token_hashes.size(); first += kBatchRows) {
    const std::size_t count = std::min(kBatchRows, token_hashes.size() - first);
    Params params;
    params.reserve(count);
    for (std::size_t i = first; i < first + count; ++i) {
      params.emplace_back(std::string(token_hashes[i]));
    }
    for (const Row& row : connection_.query(checkin_select_many(count), params)) {
      const CheckinContext context = checkin_context(row);
      for (std::size_t i = first; i < first + count; ++i) {
        if (token_hashes[i] == context.device.token_hash) contexts[i] = context;
      }
    }
  }
  return contexts;
}

bool DeviceStore::is_deleted_token(const std::string& token_hash) {
  return connection_
      .query_one("SELECT 1 FROM deleted_device_tokens WHERE token_hash = $1", {token_hash})
      .has_value();
}

void DeviceStore::set_token(core::Id device_id, const std::string& token_hash) {
  connection_.execute("UPDATE devices SET token_hash = $2 WHERE id = $1", {device_id, token_hash});
}

void DeviceStore::save_report(const core::Device& device, const core::Device& before) {
  // One statement: a second UPDATE for the indexed columns would rewrite the row again.
  update_changed_columns(connection_, device, before, true);
}

void DeviceStore::save_reports(const std::vector<ReportChange>& reports) {
  if (connection_.engine() == Engine::sqlite) return save_reports_sqlite(reports);
  for (std::size_t first = 0; first < reports.size(); first += kBatchRows) {
    const std::size_t count = std::min(kBatchRows, reports.size() - first);
    Params params;
    params.reserve(count * (kReportColumns.size() + 1));
    for (std::size_t i = first; i < first + count; ++i) {
      params.emplace_back(reports[i].device.id);
      append_report_values(reports[i].device, params);
    }
    connection_.execute(report_update_many(count), params);
  }
  for (const ReportChange& report : reports) save_indexed_columns(report.device, report.before);
}

void DeviceStore::save_reports_sqlite(const std::vector<ReportChange>& reports) {
  // The usual check-in changes only the contact time, to the batch's time: such devices share
  // a statement per kBatchRows of them, since on SQLite running a statement costs about as
  // much as rewriting its row. Any other change gets its own UPDATE of the changed columns.
  std::map<core::UnixTime, std::vector<core::Id>> contact_only;
  for (const ReportChange& report : reports) {
    if (only_contact_time_changed(report.device, report.before)) {
      contact_only[report.device.last_contact_at].push_back(report.device.id);
    } else {
      save_report(report.device, report.before);
    }
  }
  for (const auto& [contact_at, ids] : contact_only) {
    for (std::size_t first = 0; first < ids.size(); first += kBatchRows) {
      const std::size_t count = std::min(kBatchRows, ids.size() - first);
      Params params{contact_at};
      params.insert(params.end(), ids.begin() + first, ids.begin() + first + count);
      connection_.execute("UPDATE devices SET last_contact_at = $1 WHERE id IN (" +
                              placeholders(2, count) + ")",
                          params);
    }
  }
}

void DeviceStore::save_indexed_columns(const core::Device& device, const core::Device& before) {
  update_changed_columns(connection_, device, before, false);
}

void DeviceStore::set_active(core::Id device_id, bool active,
                             std::optional<core::UnixTime> deactivated_at) {
  connection_.execute("UPDATE devices SET active = $2, deactivated_at = $3 WHERE id = $1",
                      {device_id, flag(active), nullable(deactivated_at)});
}

void DeviceStore::set_status_flags(core::Id device_id, std::int64_t status_flags) {
  connection_.execute("UPDATE devices SET status_flags = $2 WHERE id = $1",
                      {device_id, status_flags});
}

std::vector<CheckinContext> DeviceStore::page_for_evaluation(core::Id after_id,
                                                             std::int64_t limit,
                                                             const EvaluationFilter& filter) {
  Params params{after_id, limit};
  std::string where = " WHERE d.id > $1";
  if (filter.group_id) where += " AND d.group_id = " + bind(params, *filter.group_id);
  if (filter.profile_id) where += " AND g.profile_id = " + bind(params, *filter.profile_id);
  std::vector<CheckinContext> page;
  for (const Row& row :
       connection_.query(evaluation_select() + where + " ORDER BY d.id LIMIT $2", params)) {
    page.push_back(CheckinContext{to_device(row), row.opt_int64(kColumnCount)});
  }
  return page;
}

std::optional<CheckinContext> DeviceStore::find_for_evaluation(core::Id device_id) {
  const auto row = connection_.query_one(evaluation_select() + " WHERE d.id = $1", {device_id});
  if (!row) return std::nullopt;
  return CheckinContext{to_device(*row), row->opt_int64(kColumnCount)};
}

std::int64_t DeviceStore::count_same_hostname(core::Id license_id, const std::string& hostname,
                                              core::Id except_device_id) {
  return connection_
      .query_one(
          "SELECT COUNT(*) FROM devices WHERE license_id = $1 AND hostname_key = $2 AND id <> $3",
          {license_id, core::ascii_lower(hostname), except_device_id})
      ->int64(0);
}

std::vector<core::Id> DeviceStore::ids_with_hostname(core::Id license_id,
                                                     const std::string& hostname,
                                                     core::Id except_device_id,
                                                     std::int64_t limit) {
  std::vector<core::Id> ids;
  for (const Row& row : connection_.query(
           "SELECT id FROM devices WHERE license_id = $1 AND hostname_key = $2 AND id <> $3 "
           "ORDER BY id LIMIT $4",
           {license_id, core::ascii_lower(hostname), except_device_id, limit})) {
    ids.push_back(row.int64(0));
  }
  return ids;
}

void DeviceStore::remove(core::Id device_id, core::UnixTime now) {
  connection_.execute(
      "INSERT INTO deleted_device_tokens (token_hash, device_id, deleted_at) "
      "SELECT token_hash, id, $2 FROM devices WHERE id = $1",
      {device_id, now});
  connection_.execute("DELETE FROM devices WHERE id = $1", {device_id});
}

std::vector<core::Device> DeviceStore::list_by_license(const core::TenantScope& scope,
                                                       core::Id license_id) {
  Params params{license_id};
  const std::string condition = tenant_condition(scope, "d.customer_id", "d.reseller_id", params);
  std::vector<core::Device> devices;
  for (const Row& row : connection_.query("SELECT " + std::string(kColumns) +
                                              " FROM devices d WHERE d.license_id = $1 AND " +
                                              condition + " ORDER BY d.id",
                                          params)) {
    devices.push_back(to_device(row));
  }
  return devices;
}

void DeviceStore::set_description(core::Id device_id, const std::string& description) {
  connection_.execute("UPDATE devices SET description = $2 WHERE id = $1",
                      {device_id, description});
}

void DeviceStore::set_muted(core::Id device_id, core::MuteLevel level,
                            const std::string& muted_categories) {
  connection_.execute("UPDATE devices SET muted = $2, muted_categories = $3 WHERE id = $1",
                      {device_id, std::string(core::to_string(level)), muted_categories});
}

void DeviceStore::move_to_group(core::Id device_id, const core::Group& group,
                                const core::License& license) {
  connection_.execute(
      "UPDATE devices SET group_id = $2, license_id = $3, customer_id = $4, reseller_id = $5 "
      "WHERE id = $1",
      {device_id, group.id, license.id, license.customer_id, license.reseller_id});
}

std::int64_t DeviceStore::count_active(core::Id license_id) {
  return connection_
      .query_one("SELECT COUNT(*) FROM devices WHERE license_id = $1 AND active = 1", {license_id})
      ->int64(0);
}

}  // namespace keyward::store
