#include "app/license_queries.hpp"

#include "app/license_access.hpp"
#include "core/error.hpp"

namespace keyward::app {

namespace {

store::LicenseFilter license_filter(const LicenseListRequest& request, core::UnixTime now) {
  store::LicenseFilter filter{.customer_id = request.customer_id};
  // Not expired means expires_at >= now (core::is_expired).
  if (request.hide_expired) filter.expires_from = now;
  if (request.only_expired) filter.expires_before = now;
  return filter;
}

}  // namespace

core::Page<store::LicenseView> list_licenses(store::Database& database, const Actor& actor,
                                             const LicenseListRequest& request) {
  auto connection = database.acquire();
  return store::LicenseDirectory(*connection)
      .list(actor.scope, license_filter(request, now()), request.query);
}

void for_each_license(store::Connection& connection, const core::TenantScope& scope,
                      const LicenseListRequest& request, core::UnixTime now,
                      const std::function<void(const store::LicenseView&)>& visit) {
  store::LicenseDirectory(connection)
      .for_each(scope, license_filter(request, now), request.query, visit);
}

store::LicenseView license_details(store::Database& database, const Actor& actor,
                                   core::Id license_id) {
  auto connection = database.acquire();
  return core::found(store::LicenseDirectory(*connection).find(actor.scope, license_id), "license");
}

core::Page<store::ActionView> list_license_actions(store::Database& database, const Actor& actor,
                                                   core::Id license_id,
                                                   const store::ActionFilter& filter,
                                                   const core::ListQuery& query) {
  auto connection = database.acquire();
  visible_license(*connection, actor, license_id);
  return store::ActionLogStore(*connection).page_by_license(actor.scope, license_id, filter, query);
}

}  // namespace keyward::app
