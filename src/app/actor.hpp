#pragma once
// Who performs a use case: a portal user, a script with an API token, or the operator at
// the command line. Use cases take the actor for tenancy checks and the action log.

#include <optional>
#include <string>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct Actor {
  std::optional<core::Id> user_id;  // empty for the command line
  std::string name;                 // shown in the action log
  core::Role role = core::Role::viewer;
  core::TenantScope scope;
};

// The operator acting through the `keyward` command on the server machine.
Actor command_line_actor(store::Connection& connection);

// Current time as unix seconds: the one place where use cases read the clock.
core::UnixTime now();

}  // namespace keyward::app
