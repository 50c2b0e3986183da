#include "app/action_log.hpp"

#include <boost/json/serialize.hpp>

#include "store/action_log_store.hpp"

namespace keyward::app {

core::ActionLogEntry log_change(store::Connection& connection, const Actor& actor,
                                const LoggedChange& change, core::UnixTime at) {
  core::ActionLogEntry entry;
  entry.company_id = change.company_id;
  entry.reseller_id = change.reseller_id;
  entry.license_id = change.license_id;
  entry.device_id = change.device_id;
  entry.action = change.action;
  entry.status = core::ActionStatus::completed;
  entry.user_id = actor.user_id;
  entry.actor = actor.name;
  entry.started_at = at;
  entry.ended_at = at;
  entry.details = boost::json::serialize(change.details);
  return store::ActionLogStore(connection).append(entry);
}

core::ActionLogEntry log_client_event(store::Connection& connection, const core::License& license,
                                      std::optional<core::Id> device_id, const std::string& action,
                                      core::ActionStatus status, const std::string& client_message,
                                      core::UnixTime at) {
  core::ActionLogEntry entry;
  entry.company_id = license.customer_id;
  entry.reseller_id = license.reseller_id;
  entry.license_id = license.id;
  entry.device_id = device_id;
  entry.action = action;
  entry.status = status;
  entry.client_message = client_message;
  entry.actor = kClientActor;
  entry.started_at = at;
  entry.ended_at = at;
  return store::ActionLogStore(connection).append(entry);
}

}  // namespace keyward::app
