#include "app/dashboard_links.hpp"

#include "app/account.hpp"
#include "app/device_list.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "core/qr_code.hpp"
#include "store/company_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
namespace {

core::Error no_such_link() { return core::not_found("dashboard link"); }

}  // namespace

NewDashboardLink create_dashboard_link(store::Database& database, const Authenticated& caller,
                                       const std::string& public_url, core::UnixTime now) {
  require_session(caller, "share the dashboard");
  const std::string token = new_token("kwv_");
  NewDashboardLink created;
  created.url = public_url + "/shared-dashboard/" + token;
  created.qr_svg = core::qr_code_svg(created.url);
  created.link = {caller.user.id, now, std::nullopt};
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::DashboardLinkStore(*connection).replace(caller.user.id, store::hash_token(token), now);
  log_own_change(*connection, caller, "user.dashboard_link_created", {}, now);
  transaction.commit();
  return created;
}

void revoke_dashboard_link(store::Database& database, const Authenticated& caller,
                           core::UnixTime now) {
  require_session(caller, "revoke the dashboard link");
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  if (!store::DashboardLinkStore(*connection).remove(caller.user.id)) throw no_such_link();
  log_own_change(*connection, caller, "user.dashboard_link_revoked", {}, now);
  transaction.commit();
}

std::optional<store::DashboardLink> dashboard_link_of(store::Database& database,
                                                      const Authenticated& caller) {
  auto connection = database.acquire();
  return store::DashboardLinkStore(*connection).find_by_user(caller.user.id);
}

SharedDashboard shared_dashboard(store::Database& database, PolicyCache& policies,
                                 const std::string& token, core::UnixTime now) {
  auto connection = database.acquire();
  const auto link = store::DashboardLinkStore(*connection).use(store::hash_token(token), now);
  if (!link) throw no_such_link();
  const auto owner = store::UserStore(*connection).find(link->user_id);
  if (!owner || owner->disabled) throw no_such_link();
  // The owner's company: the lookup of who the link belongs to precedes any tenant scope.
  const auto company = store::CompanyStore(*connection)
                           .find(core::TenantScope::operator_scope(0), owner->company_id);
  if (!company) throw no_such_link();
  const auto policy = policies.get(*connection);
  return {*company,
          store::summarize_scope(*connection, core::TenantScope::of(*company), now,
                                 unknown_before(*policy, now), now + core::kExpiringSoonSeconds)};
}

}  // namespace keyward::app
