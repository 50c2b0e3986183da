#include "app/action_log.hpp"

#include <boost/json/serialize.hpp>

#include "store/action_log_store.hpp"

namespace keyward::app {
namespace {

// An entry that starts and ends at `at` (commands, whose entries walk, are made elsewhere).
core::ActionLogEntry append_finished(store::Connection& connection, const LoggedChange& change,
                                     core::ActionStatus status, std::optional<core::Id> user_id,
                                     const std::string& author, const std::string& client_message,
                                     core::UnixTime at) {
  core::ActionLogEntry entry;
  entry.company_id = change.company_id;
  entry.reseller_id = change.reseller_id;
  entry.license_id = change.license_id;
  entry.device_id = change.device_id;
  entry.action = change.action;
  entry.status = status;
  entry.client_message = client_message;
  entry.user_id = user_id;
  entry.actor = author;
  entry.started_at = at;
  entry.ended_at = at;
  entry.details = boost::json::serialize(change.details);
  return store::ActionLogStore(connection).append(entry);
}

}  // namespace

core::ActionLogEntry log_change(store::Connection& connection, const Actor& actor,
                                const LoggedChange& change, core::UnixTime at) {
  return append_finished(connection, change, core::ActionStatus::completed, actor.user_id,
                         actor.name, "", at);
}

core::ActionLogEntry log_client_event(store::Connection& connection, const core::License& license,
                                      std::optional<core::Id> device_id, const std::string& action,
                                      core::ActionStatus status, const std::string& client_message,
                                      core::UnixTime at) {
  return append_finished(connection,
                         {.company_id = license.customer_id,
                          .reseller_id = license.reseller_id,
                          .license_id = license.id,
                          .device_id = device_id,
                          .action = action},
                         status, std::nullopt, kClientActor, client_message, at);
}

}  // namespace keyward::app
