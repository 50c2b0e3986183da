#pragma once
// Reading licenses in the portal: the license list, one license, and its action log.

#include <functional>
#include <optional>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/action_log_store.hpp"
#include "store/database.hpp"
#include "store/license_directory.hpp"

namespace keyward::app {

struct LicenseListRequest {
  core::ListQuery query;  // q over the license's and the customer's name
  std::optional<core::Id> customer_id;
  bool hide_expired = false;
  bool only_expired = false;  // the expired ones alone (an export's status=expired)
};

core::Page<store::LicenseView> list_licenses(store::Database& database, const Actor& actor,
                                             const LicenseListRequest& request);

// The same list whole, in its order, one license at a time (the query's page is ignored).
void for_each_license(store::Connection& connection, const core::TenantScope& scope,
                      const LicenseListRequest& request, core::UnixTime now,
                      const std::function<void(const store::LicenseView&)>& visit);

// 404 "license not found" for unknown ids and other tenants' licenses alike.
store::LicenseView license_details(store::Database& database, const Actor& actor,
                                   core::Id license_id);

// The license's action log, newest first unless the query sorts otherwise.
core::Page<store::ActionView> list_license_actions(store::Database& database, const Actor& actor,
                                                   core::Id license_id,
                                                   const store::ActionFilter& filter,
                                                   const core::ListQuery& query);

}  // namespace keyward::app
