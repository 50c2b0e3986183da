// The tenant isolation matrix (issue "Portal API"): every portal route, called as a user of
// another reseller, of a sibling customer and — for changes — as a viewer, answers 404 (the
// object does not exist for them), 403 (their role may not) or a list without the object,
// and the database is unchanged afterwards. A route the router has but the matrix does not
// name fails the test, so a new route can not skip the check.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "api/api.hpp"
#include "api_test_support.hpp"
#include "database_snapshot.hpp"
#include "portal_world.hpp"
#include "router_routes.hpp"
#include "sessions.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

// Objects of customer A1 (under reseller A) that the matrix aims at, with texts that must
// never show up in an answer to a user outside A1's tree.
struct Targets {
  std::int64_t license = 0, main_group = 0, group = 0, device = 0, profile = 0, comment = 0,
               recipient = 0, user = 0, company = 0, api_token = 0,
               installer_link = 0, export_job = 0, webhook = 0;
  std::vector<std::string> secrets;
};

// How a route is protected.
enum class Guard {
  tenant,         // acts on A1's object: outsiders get 404, viewers 403 for changes
  tenant_list,    // lists the caller's objects: outsiders get 200 without A1's objects
  tenant_read,    // reads A1's object with an unsafe method (an export): outsiders get 404,
                  // viewers may
  bulk,           // per-item results: outsiders get not_found for A1's device
  own_company,    // creates in the caller's own company (no other one can be named): viewers 403
  owner,          // acts on an object of one user (A1's admin): anybody else gets 404
  operator_only,  // the operator's admins only: everybody else 403
  own_account,    // acts on the caller's own account only (no other tenant to reach)
  public_route,   // no sign-in (tokens in the request decide), checked by its own tests
};

struct MatrixRoute {
  http::Method method;
  std::string pattern;  // as registered in the router
  Guard guard;
  std::function<std::string(const Targets&)> path = nullptr;
  json::value body = json::object{};
  // The route serves browser sessions only (403 session_required for API tokens): callers
  // sign in with their password instead.
  bool session_only = false;
};

std::string at(const std::string& prefix, std::int64_t id, const std::string& suffix = "") {
  return prefix + std::to_string(id) + suffix;
}

std::vector<MatrixRoute> matrix() {
  using M = http::Method;
  using T = const Targets&;
  return {
      // Licenses
      {M::get, "/api/v1/licenses", Guard::tenant_list, [](T) { return "/api/v1/licenses"; }},
      {M::get, "/api/v1/licenses/{id}", Guard::tenant, [](T t) { return at("/api/v1/licenses/", t.license); }},
      {M::patch, "/api/v1/licenses/{id}", Guard::tenant, [](T t) { return at("/api/v1/licenses/", t.license); },
       json::object{{"name", "stolen"}}},
      {M::post, "/api/v1/licenses/{id}/refresh", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/refresh"); }},
      {M::get, "/api/v1/licenses/{id}/recipients", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/recipients"); }},
      {M::post, "/api/v1/licenses/{id}/recipients", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/recipients"); },
       json::object{{"email", "spy@elsewhere.example"}}},
      {M::del, "/api/v1/licenses/{id}/recipients/{rid}", Guard::tenant,
       [](T t) { return at(at("/api/v1/licenses/", t.license, "/recipients/"), t.recipient); }},
      {M::get, "/api/v1/licenses/{id}/comments", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/comments"); }},
      {M::post, "/api/v1/licenses/{id}/comments", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/comments"); },
       json::object{{"body", "was here"}}},
      {M::get, "/api/v1/licenses/{id}/comments/{cid}", Guard::tenant,
       [](T t) { return at(at("/api/v1/licenses/", t.license, "/comments/"), t.comment); }},
      {M::get, "/api/v1/licenses/{id}/actions", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/actions"); }},
      {M::get, "/api/v1/licenses/{id}/devices", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/devices"); }},
      {M::get, "/api/v1/licenses/{id}/groups", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/groups"); }},
      // Devices
      {M::get, "/api/v1/devices", Guard::tenant_list, [](T) { return "/api/v1/devices"; }},
      {M::get, "/api/v1/devices/{id}", Guard::tenant, [](T t) { return at("/api/v1/devices/", t.device); }},
      {M::patch, "/api/v1/devices/{id}", Guard::tenant, [](T t) { return at("/api/v1/devices/", t.device); },
       json::object{{"description", "stolen"}}},
      {M::post, "/api/v1/devices/bulk", Guard::bulk, [](T) { return "/api/v1/devices/bulk"; }},
      {M::get, "/api/v1/dashboard", Guard::tenant_list, [](T) { return "/api/v1/dashboard"; }},
      // Groups
      {M::post, "/api/v1/groups", Guard::tenant, [](T) { return "/api/v1/groups"; }},
      {M::get, "/api/v1/groups/{id}", Guard::tenant, [](T t) { return at("/api/v1/groups/", t.group); }},
      {M::patch, "/api/v1/groups/{id}", Guard::tenant, [](T t) { return at("/api/v1/groups/", t.group); },
       json::object{{"name", "stolen"}}},
      {M::del, "/api/v1/groups/{id}", Guard::tenant, [](T t) { return at("/api/v1/groups/", t.group); }},
      {M::put, "/api/v1/groups/{id}/profile", Guard::tenant,
       [](T t) { return at("/api/v1/groups/", t.group, "/profile"); }},
      {M::del, "/api/v1/groups/{id}/profile", Guard::tenant,
       [](T t) { return at("/api/v1/groups/", t.group, "/profile"); }},
      // Configuration profiles
      {M::get, "/api/v1/profiles", Guard::tenant_list, [](T) { return "/api/v1/profiles"; }},
      {M::post, "/api/v1/profiles", Guard::tenant, [](T) { return "/api/v1/profiles"; }},
      {M::get, "/api/v1/profiles/{id}", Guard::tenant, [](T t) { return at("/api/v1/profiles/", t.profile); }},
      {M::put, "/api/v1/profiles/{id}", Guard::tenant, [](T t) { return at("/api/v1/profiles/", t.profile); },
       json::object{{"name", "stolen"}, {"settings", json::object{}}}},
      {M::del, "/api/v1/profiles/{id}", Guard::tenant, [](T t) { return at("/api/v1/profiles/", t.profile); }},
      {M::post, "/api/v1/profiles/{id}/clone", Guard::tenant,
       [](T t) { return at("/api/v1/profiles/", t.profile, "/clone"); }, json::object{{"name", "copy"}}},
      {M::post, "/api/v1/profiles/{id}/transmit", Guard::tenant,
       [](T t) { return at("/api/v1/profiles/", t.profile, "/transmit"); }},
      // Operator
      {M::post, "/api/v1/licenses", Guard::operator_only, [](T) { return "/api/v1/licenses"; }},
      {M::patch, "/api/v1/operator/licenses/{id}", Guard::operator_only,
       [](T t) { return at("/api/v1/operator/licenses/", t.license); }, json::object{{"seats_total", 500}}},
      {M::get, "/api/v1/operator/client-version", Guard::operator_only,
       [](T) { return "/api/v1/operator/client-version"; }},
      {M::put, "/api/v1/operator/client-version", Guard::operator_only,
       [](T) { return "/api/v1/operator/client-version"; }, json::object{{"version", "9.9.9"}}},
      {M::get, "/api/v1/operator/os-eol", Guard::operator_only, [](T) { return "/api/v1/operator/os-eol"; }},
      {M::put, "/api/v1/operator/os-eol", Guard::operator_only, [](T) { return "/api/v1/operator/os-eol"; },
       json::object{{"version", 99}, {"entries", json::array{}}}},
      // Exports: of A1's license's devices; an export is its owner's (A1's admin) alone.
      {M::post, "/api/v1/exports", Guard::tenant_read, [](T) { return "/api/v1/exports"; }},
      {M::get, "/api/v1/exports/{id}", Guard::owner,
       [](T t) { return at("/api/v1/exports/", t.export_job); }},
      {M::get, "/api/v1/exports/{id}/file", Guard::owner,
       [](T t) { return at("/api/v1/exports/", t.export_job, "/file"); }},
      // Installers: downloads and shareable links of a license.
      {M::get, "/api/v1/licenses/{id}/installer", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/installer?arch=x64&type=config"); }},
      {M::get, "/api/v1/licenses/{id}/installer-links", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/installer-links"); }},
      {M::post, "/api/v1/licenses/{id}/installer-links", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/installer-links"); },
       json::object{{"arch", "x64"}, {"type", "config"}, {"expires_in_days", 7}}},
      {M::del, "/api/v1/licenses/{id}/installer-links/{lid}", Guard::tenant,
       [](T t) {
         return at(at("/api/v1/licenses/", t.license, "/installer-links/"), t.installer_link);
       }},
      {M::get, "/api/v1/operator/installers", Guard::operator_only,
       [](T) { return "/api/v1/operator/installers"; }},
      {M::post, "/api/v1/operator/installers", Guard::operator_only,
       [](T) { return "/api/v1/operator/installers?arch=x64"; }},
      // Companies and users: administrators only, within their own tree.
      {M::get, "/api/v1/companies", Guard::tenant_list, [](T) { return "/api/v1/companies"; }},
      {M::post, "/api/v1/companies", Guard::own_company, [](T) { return "/api/v1/companies"; },
       json::object{{"name", "Intruder Ltd"}}},
      {M::get, "/api/v1/companies/{id}", Guard::tenant,
       [](T t) { return at("/api/v1/companies/", t.company); }},
      {M::patch, "/api/v1/companies/{id}", Guard::tenant,
       [](T t) { return at("/api/v1/companies/", t.company); }, json::object{{"name", "Stolen"}}},
      // Stale devices of a license or a company, and a company's automatic rule.
      {M::get, "/api/v1/licenses/{id}/stale-devices", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/stale-devices?days=1"); }},
      {M::post, "/api/v1/licenses/{id}/stale-devices/deactivate", Guard::tenant,
       [](T t) { return at("/api/v1/licenses/", t.license, "/stale-devices/deactivate"); },
       json::object{{"days", 1}}},
      {M::get, "/api/v1/companies/{id}/stale-devices", Guard::tenant,
       [](T t) { return at("/api/v1/companies/", t.company, "/stale-devices?days=1"); }},
      {M::post, "/api/v1/companies/{id}/stale-devices/deactivate", Guard::tenant,
       [](T t) { return at("/api/v1/companies/", t.company, "/stale-devices/deactivate"); },
       json::object{{"days", 1}}},
      {M::get, "/api/v1/companies/{id}/stale-rule", Guard::tenant,
       [](T t) { return at("/api/v1/companies/", t.company, "/stale-rule"); }},
      {M::put, "/api/v1/companies/{id}/stale-rule", Guard::tenant,
       [](T t) { return at("/api/v1/companies/", t.company, "/stale-rule"); },
       json::object{{"enabled", true}, {"days", 1}}},
      {M::get, "/api/v1/users", Guard::tenant_list, [](T) { return "/api/v1/users"; }},
      {M::post, "/api/v1/users", Guard::tenant, [](T) { return "/api/v1/users"; }},
      {M::get, "/api/v1/users/{id}", Guard::tenant, [](T t) { return at("/api/v1/users/", t.user); }},
      {M::patch, "/api/v1/users/{id}", Guard::tenant, [](T t) { return at("/api/v1/users/", t.user); },
       json::object{{"role", "admin"}}},
      {M::del, "/api/v1/users/{id}", Guard::tenant, [](T t) { return at("/api/v1/users/", t.user); }},
      // Webhooks: administrators only, within their own tree.
      {M::get, "/api/v1/webhooks", Guard::tenant_list, [](T) { return "/api/v1/webhooks"; }},
      {M::post, "/api/v1/webhooks", Guard::tenant, [](T) { return "/api/v1/webhooks"; }},
      {M::get, "/api/v1/webhooks/{id}", Guard::tenant, [](T t) { return at("/api/v1/webhooks/", t.webhook); }},
      {M::patch, "/api/v1/webhooks/{id}", Guard::tenant, [](T t) { return at("/api/v1/webhooks/", t.webhook); },
       json::object{{"url", "https://spy.elsewhere.example/hook"}}},
      {M::del, "/api/v1/webhooks/{id}", Guard::tenant, [](T t) { return at("/api/v1/webhooks/", t.webhook); }},
      {M::get, "/api/v1/webhooks/{id}/deliveries", Guard::tenant,
       [](T t) { return at("/api/v1/webhooks/", t.webhook, "/deliveries"); }},
      {M::post, "/api/v1/webhooks/{id}/test", Guard::tenant,
       [](T t) { return at("/api/v1/webhooks/", t.webhook, "/test"); }},
      // A user's own API tokens: another user's token does not exist for the caller.
      {M::del, "/api/v1/me/tokens/{id}", Guard::owner,
       [](T t) { return at("/api/v1/me/tokens/", t.api_token); }, json::object{}, true},
      // The caller's own account: these routes take no object id, so no other tenant's object
      // is reachable through them (their behaviour is tested in account and session tests).
      {M::get, "/api/v1/me", Guard::own_account},
      {M::post, "/api/v1/me/password", Guard::own_account},
      {M::get, "/api/v1/me/preferences", Guard::own_account},
      {M::put, "/api/v1/me/preferences", Guard::own_account},
      {M::get, "/api/v1/me/tokens", Guard::own_account},
      {M::post, "/api/v1/me/tokens", Guard::own_account},
      {M::post, "/api/v1/me/totp", Guard::own_account},
      {M::post, "/api/v1/me/totp/verify", Guard::own_account},
      {M::post, "/api/v1/me/totp/disable", Guard::own_account},
      {M::get, "/api/v1/me/dashboard-link", Guard::own_account},
      {M::post, "/api/v1/me/dashboard-link", Guard::own_account},
      {M::del, "/api/v1/me/dashboard-link", Guard::own_account},
      {M::get, "/api/v1/session", Guard::own_account},
      {M::del, "/api/v1/session", Guard::own_account},
      // Public routes: a secret in the request (password, one-time token) decides.
      {M::post, "/api/v1/session", Guard::public_route},
      {M::post, "/api/v1/password/set", Guard::public_route},
      {M::get, "/api/v1/shared-dashboard/{token}", Guard::public_route},
      {M::get, "/api/v1/openapi.yaml", Guard::public_route},
      {M::get, "/api/v1/recipients/verify", Guard::public_route},
  };
}

// Bodies that name A1's objects, for routes that take them in the body.
json::value body_for(const MatrixRoute& route, const Targets& targets) {
  if (route.pattern == "/api/v1/groups") {
    return json::object{{"parent_id", targets.main_group}, {"name", "Intruder"}};
  }
  if (route.pattern == "/api/v1/profiles") {
    return json::object{{"name", "Intruder"}, {"owner_company_id", targets.company},
                        {"settings", json::object{}}};
  }
  if (route.pattern == "/api/v1/groups/{id}/profile") {
    return json::object{{"profile_id", targets.profile}};
  }
  if (route.pattern == "/api/v1/devices/bulk") {
    return json::object{{"action", "deactivate"}, {"device_ids", json::array{targets.device}}};
  }
  if (route.pattern == "/api/v1/users" && route.method == http::Method::post) {
    return json::object{{"email", "intruder@elsewhere.example"}, {"role", "admin"},
                        {"company_id", targets.company}};
  }
  if (route.pattern == "/api/v1/exports") {
    return json::object{{"table", "devices"}, {"format", "csv"}, {"license_id", targets.license}};
  }
  if (route.pattern == "/api/v1/webhooks" && route.method == http::Method::post) {
    return json::object{{"url", "https://spy.elsewhere.example/hook"},
                        {"company_id", targets.company},
                        {"events", json::array{"activation"}}};
  }
  if (route.pattern == "/api/v1/licenses") {
    return json::object{{"customer_id", targets.company}, {"type", "purchase"}, {"seats", 5},
                        {"years", 1}};
  }
  return route.body;
}

bool is_change(http::Method method) {
  return method != http::Method::get && method != http::Method::head;
}

class TenantMatrix : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    targets = create_targets();
    for (const Account* account : {&world.a_admin, &world.a_viewer, &world.a1_viewer,
                                   &world.a2_admin, &world.b_admin, &world.b1_admin}) {
      sessions.emplace(account->email, sign_in(world, *account));
      ASSERT_EQ(sessions.at(account->email).status, 200) << account->email;
    }
  }

  Targets create_targets() {
    Targets t;
    t.license = world.a1_license.id;
    t.main_group = world.a1_license.main_group_id;
    t.company = world.customer_a1;
    t.user = world.a1_viewer.user_id;
    t.device = world.activate_device(world.a1_license, "MATRIX-PC-A1").first;
    ApiClient admin = world.as(world.a_admin);
    t.group = created_id(admin.post("/api/v1/groups", json::object{{"parent_id", t.main_group},
                                                                   {"name", "Matrix Group A1"}}));
    t.profile = created_id(world.as(world.a1_admin)
                               .post("/api/v1/profiles",
                                     json::object{{"name", "Matrix Profile A1"},
                                                  {"owner_company_id", t.company},
                                                  {"settings", json::object{}}}));
    t.comment = created_id(admin.post(at("/api/v1/licenses/", t.license, "/comments"),
                                      json::object{{"body", "Matrix comment A1"}}));
    t.recipient = created_id(admin.post(at("/api/v1/licenses/", t.license, "/recipients"),
                                        json::object{{"email", "matrix-a1@praxis-berg.example"}}));
    t.installer_link = created_id(
        admin.post(at("/api/v1/licenses/", t.license, "/installer-links"),
                   json::object{{"arch", "x64"}, {"type", "config"}, {"expires_in_days", 7}}));
    t.export_job = finished_export(world.as(world.a1_admin));
    t.webhook = created_id(world.as(world.a1_admin)
                               .post("/api/v1/webhooks",
                                     json::object{{"url", "https://hooks.praxis-berg.example/matrix"},
                                                  {"events", json::array{"infection"}}}));
    const Reply tokens = world.as(world.a1_admin).get("/api/v1/me/tokens");
    EXPECT_EQ(tokens.status, 200) << tokens;
    t.api_token = tokens.object().at("items").as_array().at(0).at("id").as_int64();
    t.secrets = {world.a1_license.key, "MATRIX-PC-A1", "Matrix Group A1", "Matrix Profile A1",
                 "Matrix comment A1", "matrix-a1@praxis-berg.example",
                 "hooks.praxis-berg.example"};
    return t;
  }

  // An export of A1's devices, waited for: the worker must not change the database while
  // the matrix compares it.
  static std::int64_t finished_export(ApiClient client) {
    const Reply queued = client.post(
        "/api/v1/exports", json::object{{"table", "devices"}, {"format", "csv"}});
    EXPECT_EQ(queued.status, 202) << queued;
    const std::int64_t id = queued.object().at("id").as_int64();
    EXPECT_TRUE(eventually([&] {
      return client.get(at("/api/v1/exports/", id)).object().at("status") == "done";
    }));
    return id;
  }

  static std::int64_t created_id(const Reply& reply) {
    EXPECT_TRUE(reply.status == 200 || reply.status == 201) << reply;
    return reply.object().contains("id") ? reply.object().at("id").as_int64() : 0;
  }

  // Calls the route as `account`: with its API token, or signed in for session-only routes.
  Reply call(const MatrixRoute& route, const Account& account) {
    ApiClient client = route.session_only ? session_client(world, sessions.at(account.email))
                                          : world.as(account);
    return client.request(route.method, route.path(targets),
                          json::serialize(body_for(route, targets)));
  }

  static std::string label(const MatrixRoute& route, const std::string& who) {
    return who + ": " + std::string(http::method_name(route.method)) + " " + route.pattern;
  }

  void expect_no_secrets(const Reply& reply, const std::string& label) {
    for (const auto& secret : targets.secrets) {
      EXPECT_EQ(reply.raw.find(secret), std::string::npos) << label << " reveals " << secret;
    }
  }

  // Calls the route as `account` and checks the answer the guard demands of an outsider.
  void expect_outsider_refused(const MatrixRoute& route, const Account& account,
                               const std::string& who) {
    const std::string what = label(route, who);
    const Reply reply = call(route, account);
    switch (route.guard) {
      case Guard::tenant:
      case Guard::tenant_read:
      case Guard::owner:
        EXPECT_EQ(reply.status, 404) << what << ": " << reply;
        EXPECT_EQ(reply.error_code(), "not_found") << what;
        break;
      case Guard::tenant_list:
        EXPECT_EQ(reply.status, 200) << what << ": " << reply;
        break;
      case Guard::bulk: {
        ASSERT_EQ(reply.status, 200) << what << ": " << reply;
        const auto& item = reply.object().at("results").as_array().at(0).as_object();
        EXPECT_FALSE(item.at("ok").as_bool()) << what;
        EXPECT_EQ(item.at("error").at("code").as_string(), "not_found") << what;
        break;
      }
      case Guard::operator_only:
        EXPECT_EQ(reply.status, 403) << what << ": " << reply;
        break;
      case Guard::own_company:
      case Guard::own_account:
      case Guard::public_route:
        break;
    }
    expect_no_secrets(reply, what);
  }

  void expect_viewer_refused(const MatrixRoute& route, const Account& viewer,
                             const std::string& who) {
    const Reply reply = call(route, viewer);
    EXPECT_EQ(reply.status, 403) << label(route, who) << ": " << reply;
  }

  PortalWorld world{GetParam()};
  Targets targets;
  std::map<std::string, Reply> sessions;  // sign-in answers by e-mail
};

TEST_P(TenantMatrix, OutsidersAndViewersReachNothingAndChangeNothing) {
  const std::string before = database_snapshot(world.database());
  for (const MatrixRoute& route : matrix()) {
    if (route.guard == Guard::own_account || route.guard == Guard::public_route) continue;
    if (route.guard != Guard::own_company) {
      expect_outsider_refused(route, world.b_admin, "other reseller's admin");
      expect_outsider_refused(route, world.b1_admin, "other reseller's customer");
      expect_outsider_refused(route, world.a2_admin, "sibling customer's admin");
    }
    if (route.guard == Guard::operator_only) {
      expect_outsider_refused(route, world.a_admin, "reseller admin");
    }
    if (route.guard == Guard::owner) {
      expect_outsider_refused(route, world.a_admin, "the owner's reseller admin");
      expect_outsider_refused(route, world.a1_viewer, "the owner's colleague");
    } else if (is_change(route.method) && route.guard != Guard::operator_only &&
               route.guard != Guard::tenant_read) {
      expect_viewer_refused(route, world.a_viewer, "reseller viewer");
      expect_viewer_refused(route, world.a1_viewer, "customer viewer");
    }
  }
  EXPECT_EQ(database_snapshot(world.database()), before) << "a refused request changed data";
}

// The matrix names every /api/v1 route of the router, so a new route can not skip it.
TEST(TenantMatrixCoverage, NamesEveryPortalRoute) {
  std::set<std::string> named;
  for (const auto& route : matrix()) {
    named.insert(std::string(http::method_name(route.method)) + " " + route.pattern);
  }
  for (const auto& route : portal_routes()) {
    EXPECT_TRUE(named.contains(route)) << route << " is missing from the tenant matrix";
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, TenantMatrix, kEngines);

}  // namespace
}  // namespace keyward::test
