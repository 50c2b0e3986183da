#pragma once
// Read-only dashboard links (SPEC.md §7): a user shares what their dashboard shows through a
// secret URL (and its QR code) that needs no sign-in. One link per user; making a new one
// kills the old one; the owner can revoke it. The link sees exactly the owner's scope, and
// dies with the owner's account (disabled or deleted).

#include <optional>
#include <string>

#include "app/authentication.hpp"
#include "app/policy.hpp"
#include "core/entities.hpp"
#include "store/dashboard_link_store.hpp"
#include "store/database.hpp"
#include "store/scope_summary_store.hpp"

namespace keyward::app {

struct NewDashboardLink {
  std::string url;  // <public_url>/shared-dashboard/<token>, shown only now
  std::string qr_svg;
  store::DashboardLink link;
};

// Session only (require_session). Logged.
NewDashboardLink create_dashboard_link(store::Database& database, const Authenticated& caller,
                                       const std::string& public_url, core::UnixTime now);
// Session only; 404 when there is none. Logged.
void revoke_dashboard_link(store::Database& database, const Authenticated& caller,
                           core::UnixTime now);
std::optional<store::DashboardLink> dashboard_link_of(store::Database& database,
                                                      const Authenticated& caller);

struct SharedDashboard {
  core::Company company;  // the owner's company, whose scope the figures cover
  store::ScopeSummary summary;
};

// What the link with `token` shows; 404 for an unknown or revoked link and for a link of a
// disabled user.
SharedDashboard shared_dashboard(store::Database& database, PolicyCache& policies,
                                 const std::string& token, core::UnixTime now);

}  // namespace keyward::app
