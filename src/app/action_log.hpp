#pragma once
// Appending action-log entries for changes made by an actor. Called inside the use case's
// transaction so that a change and its entry commit together.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct LoggedChange {
  core::Id company_id = 0;   // the customer (or reseller) the change belongs to
  core::Id reseller_id = 0;  // its reseller, for tenant filters
  std::optional<core::Id> license_id;
  std::optional<core::Id> device_id;
  std::string action;  // e.g. "license.issued"
  boost::json::object details;
};

// A completed change by `actor`.
core::ActionLogEntry log_change(store::Connection& connection, const Actor& actor,
                                const LoggedChange& change, core::UnixTime at);

// An event the device itself caused (activation, a rate-limited attempt); the log shows
// "Client" as its author.
core::ActionLogEntry log_client_event(store::Connection& connection, const core::License& license,
                                      std::optional<core::Id> device_id, const std::string& action,
                                      core::ActionStatus status, const std::string& client_message,
                                      core::UnixTime at);

inline constexpr const char* kClientActor = "Client";

}  // namespace keyward::app
