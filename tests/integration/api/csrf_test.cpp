// CSRF on every unsafe route: a request that carries a valid session cookie but not the
// session's CSRF token (none, a wrong one, or another session's) is refused with 403
// csrf_token_invalid and changes nothing, whichever route of the router it targets. The
// list of routes comes from the router, so a new route cannot skip the check.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <optional>

#include "database_snapshot.hpp"
#include "keyward_binary.hpp"
#include "router_routes.hpp"
#include "sessions.hpp"

namespace keyward::test {
namespace {

std::optional<http::Method> unsafe_method(const std::string& name) {
  if (name == "POST") return http::Method::post;
  if (name == "PUT") return http::Method::put;
  if (name == "PATCH") return http::Method::patch;
  if (name == "DELETE") return http::Method::del;
  return std::nullopt;
}

// "/api/v1/licenses/{id}/recipients/{rid}" with every parameter set to an id of `license`.
std::string target_of(const std::string& pattern, std::int64_t id) {
  return std::regex_replace(pattern, std::regex("\\{[a-z_]+\\}"), std::to_string(id));
}

class Csrf : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
};

TEST_P(Csrf, EveryUnsafeRouteRefusesACookieWithoutTheSessionsToken) {
  const Reply signed_in_reply = sign_in(world, world.a1_admin);
  ASSERT_EQ(signed_in_reply.status, 200) << signed_in_reply;
  const Reply other_session = sign_in(world, world.a1_admin);
  const std::string other_token(other_session.object().at("csrf_token").as_string());
  const std::string before = database_snapshot(world.database());

  std::set<std::string> checked;
  std::set<std::string> public_routes;
  for (const std::string& route : portal_routes()) {
    const std::string method_name = route.substr(0, route.find(' '));
    const auto method = unsafe_method(method_name);
    if (!method) continue;
    const std::string target = target_of(route.substr(route.find(' ') + 1), world.a1_license.id);
    // Routes that work without signing in (sign-in itself, password reset …) have no session
    // to protect.
    ApiClient anonymous(world.port(), {});
    if (anonymous.request(*method, target, "{}").status != 401) {
      public_routes.insert(route);
      continue;
    }
    for (const std::string& forged_token : {std::string(), std::string("wrong"), other_token}) {
      ApiClient forged = session_client(world, signed_in_reply, forged_token);
      const Reply refused = forged.request(*method, target, "{}");
      EXPECT_EQ(refused.status, 403) << route << " with CSRF token '" << forged_token << "'";
      EXPECT_EQ(refused.error_code(), "csrf_token_invalid") << route << ": " << refused;
    }
    checked.insert(route);
  }
  // Signing in and setting a password from a mailed link are the only unsafe routes without
  // a session; everything else was checked.
  EXPECT_EQ(public_routes,
            (std::set<std::string>{"POST /api/v1/session", "POST /api/v1/password/set"}));
  EXPECT_GT(checked.size(), 30u);
  EXPECT_EQ(database_snapshot(world.database()), before) << "a forged request changed data";
}

INSTANTIATE_TEST_SUITE_P(Engines, Csrf, kEngines);

}  // namespace
}  // namespace keyward::test
