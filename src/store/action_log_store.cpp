#include "store/action_log_store.hpp"

#include "store/paging.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "a.id, a.company_id, a.reseller_id, a.license_id, a.device_id, a.action, a.status, "
    "a.client_message, a.user_id, a.actor, a.started_at, a.ended_at, a.details";

std::vector<core::ActionLogEntry*> pointers(std::vector<core::ActionLogEntry>& entries) {
  std::vector<core::ActionLogEntry*> result;
  for (auto& entry : entries) result.push_back(&entry);
  return result;
}

core::ActionLogEntry to_entry(const Row& row) {
  return core::ActionLogEntry{
      .id = row.int64(0),
      .company_id = row.int64(1),
      .reseller_id = row.int64(2),
      .license_id = row.opt_int64(3),
      .device_id = row.opt_int64(4),
      .action = row.text(5),
      .status = parse_column(core::parse_action_status, row, 6),
      .client_message = row.text(7),
      .user_id = row.opt_int64(8),
      .actor = row.text(9),
      .started_at = row.int64(10),
      .ended_at = row.opt_int64(11),
      .details = row.text(12),
  };
}

}  // namespace

core::ActionLogEntry ActionLogStore::append(const core::ActionLogEntry& entry) {
  const Row row = *connection_.query_one(
      "INSERT INTO action_log (company_id, reseller_id, license_id, device_id, action, status, "
      "client_message, user_id, actor, started_at, ended_at, details) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
      {entry.company_id, entry.reseller_id, nullable(entry.license_id), nullable(entry.device_id),
       entry.action, std::string(core::to_string(entry.status)), entry.client_message,
       nullable(entry.user_id), entry.actor, entry.started_at, nullable(entry.ended_at),
       entry.details});
  core::ActionLogEntry created = entry;
  created.id = row.int64(0);
  add_transition(created.id, created.status, created.started_at);
  created.timeline = {{created.status, created.started_at}};
  return created;
}

bool ActionLogStore::update_status(core::Id entry_id, core::ActionStatus status,
                                   core::UnixTime at, std::optional<core::UnixTime> ended_at,
                                   const std::string& client_message) {
  const bool updated =
      connection_.execute(
          "UPDATE action_log SET status = $2, ended_at = $3, client_message = $4 WHERE id = $1",
          {entry_id, std::string(core::to_string(status)), nullable(ended_at), client_message}) ==
      1;
  if (updated) add_transition(entry_id, status, at);
  return updated;
}

void ActionLogStore::add_transition(core::Id entry_id, core::ActionStatus status,
                                    core::UnixTime at) {
  connection_.execute(
      "INSERT INTO action_log_transitions (action_id, status, reached_at) VALUES ($1, $2, $3)",
      {entry_id, std::string(core::to_string(status)), at});
}

void ActionLogStore::read_timelines(std::vector<core::ActionLogEntry*> entries) {
  if (entries.empty()) return;
  Params params;
  std::string ids;
  for (const core::ActionLogEntry* entry : entries) {
    if (!ids.empty()) ids += ", ";
    ids += store::bind(params, entry->id);
  }
  // Same second: the order of insertion is the order of the walk.
  for (const Row& row : connection_.query("SELECT action_id, status, reached_at FROM action_log_transitions "
                                          "WHERE action_id IN (" +
                                              ids + ") ORDER BY action_id, reached_at, id",
                                          params)) {
    const core::Id id = row.int64(0);
    for (core::ActionLogEntry* entry : entries) {
      if (entry->id != id) continue;
      entry->timeline.push_back(
          {parse_column(core::parse_action_status, row, 1), row.int64(2)});
      break;
    }
  }
}

std::vector<core::ActionLogEntry> ActionLogStore::list_by_license(const core::TenantScope& scope,
                                                                  core::Id license_id,
                                                                  std::int64_t limit,
                                                                  std::int64_t offset) {
  Params params{license_id, limit, offset};
  const std::string condition = tenant_condition(scope, "a.company_id", "a.reseller_id", params);
  std::vector<core::ActionLogEntry> result;
  for (const Row& row : connection_.query(
           "SELECT " + std::string(kColumns) + " FROM action_log a WHERE a.license_id = $1 AND " +
               condition + " ORDER BY a.started_at DESC, a.id DESC LIMIT $2 OFFSET $3",
           params)) {
    result.push_back(to_entry(row));
  }
  read_timelines(pointers(result));
  return result;
}

std::int64_t ActionLogStore::count_since(core::Id license_id, const std::string& action,
                                         core::UnixTime since) {
  return connection_
      .query_one(
          "SELECT COUNT(*) FROM action_log WHERE license_id = $1 AND started_at >= $3 "
          "AND action = $2",
          {license_id, action, since})
      ->int64(0);
}

std::vector<core::ActionLogEntry> ActionLogStore::list_by_device(core::Id device_id,
                                                                 std::int64_t limit) {
  std::vector<core::ActionLogEntry> entries;
  for (const Row& row : connection_.query("SELECT " + std::string(kColumns) +
                                              " FROM action_log a WHERE a.device_id = $1 "
                                              "ORDER BY a.started_at DESC, a.id DESC LIMIT $2",
                                          {device_id, limit})) {
    entries.push_back(to_entry(row));
  }
  read_timelines(pointers(entries));
  return entries;
}

core::Page<ActionView> ActionLogStore::page_by_license(const core::TenantScope& scope,
                                                       core::Id license_id,
                                                       const ActionFilter& filter,
                                                       const core::ListQuery& query) {
  Params params;
  std::string from =
      " FROM action_log a LEFT JOIN devices d ON d.id = a.device_id "
      "WHERE a.license_id = " +
      bind(params, license_id) + " AND " +
      tenant_condition(scope, "a.company_id", "a.reseller_id", params);
  if (!filter.statuses.empty()) {
    std::string statuses;
    for (const auto status : filter.statuses) {
      if (!statuses.empty()) statuses += ", ";
      statuses += bind(params, std::string(core::to_string(status)));
    }
    from += " AND a.status IN (" + statuses + ")";
  }
  if (!query.q.empty()) {
    from += " AND " + contains_condition(query.q,
                                         {"lower(a.action)", "lower(a.actor)",
                                          "lower(a.client_message)", "d.hostname_key"},
                                         params);
  }
  const Params count_params = params;
  const std::string sql =
      "SELECT " + std::string(kColumns) + ", d.hostname" + from +
      order_by(query,
               {{"started_at", "a.started_at"}, {"status", "a.status"}, {"action", "a.action"}},
               "a.id") +
      page_clause(query, params);
  auto page = read_page<ActionView>(
      connection_, sql, params, "SELECT COUNT(*)" + from, count_params, query,
      [](const Row& row) { return ActionView{to_entry(row), row.opt_text(13).value_or("")}; });
  std::vector<core::ActionLogEntry*> listed;
  for (auto& view : page.items) listed.push_back(&view.entry);
  read_timelines(std::move(listed));
  return page;
}

}  // namespace keyward::store
