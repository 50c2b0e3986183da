#pragma once
// Who performs a use case: a portal user, a script with an API token, or the operator at
// the command line. Use cases take the actor for tenancy checks and the action log.

#include <optional>
#include <string>
#include <string_view>

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

// Role rules (SPEC.md §1). Throw core::Error forbidden `forbidden` naming what was refused:
// viewers change nothing; technicians change everything but users and commercial data
// (seats, expiry, license issue), which need an admin.
void require_change_rights(const Actor& actor, std::string_view what);
void require_admin(const Actor& actor, std::string_view what);
// The operator's own work (issuing licenses, seats and expiry, client release, OS end-of-life
// calendar) belongs to the operator company's admins.
void require_operator_admin(const Actor& actor, std::string_view what);

// The actor for a signed-in portal user of `company`.
Actor user_actor(const core::User& user, const core::Company& company);

// The operator acting through the `keyward` command on the server machine.
Actor command_line_actor(store::Connection& connection);

// Current time as unix seconds: the one place where use cases read the clock.
core::UnixTime now();

}  // namespace keyward::app
