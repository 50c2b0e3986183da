// The signed-in user's own account: API tokens, password change, preferences and the
// read-only dashboard link.

#include <gtest/gtest.h>

#include "sessions.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class OwnAccount : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::int64_t tokens_of(const Account& account) {
    return world.database().sql_int("SELECT COUNT(*) FROM api_tokens WHERE user_id = " +
                                    std::to_string(account.user_id));
  }
};

TEST_P(OwnAccount, ApiTokensAreCreatedShownOnceListedAndRevoked) {
  ApiClient browser = signed_in(world, world.a1_admin);
  const Reply created = browser.post("/api/v1/me/tokens", json::object{{"name", "backup script"}});
  ASSERT_EQ(created.status, 201) << created;
  const std::string token(created.object().at("token").as_string());
  EXPECT_TRUE(token.starts_with("kw_"));
  EXPECT_EQ(created.object().at("name"), "backup script");
  EXPECT_TRUE(created.object().at("last_used_at").is_null());
  const std::int64_t id = created.object().at("id").as_int64();

  ApiClient script(world.port(), {{"authorization", "Bearer " + token}});
  EXPECT_EQ(script.get("/api/v1/me").object().at("user").at("id").as_int64(),
            world.a1_admin.user_id);

  const Reply listed = browser.get("/api/v1/me/tokens?q=BACKUP");
  ASSERT_EQ(listed.status, 200) << listed;
  ASSERT_EQ(listed.object().at("total").as_int64(), 1) << listed;
  const json::object& item = listed.object().at("items").at(0).as_object();
  EXPECT_EQ(item.at("id").as_int64(), id);
  EXPECT_FALSE(item.at("last_used_at").is_null()) << "used by the script just now";
  EXPECT_FALSE(item.at("revoked").as_bool());
  EXPECT_FALSE(item.contains("token")) << "the secret is shown only once";
  EXPECT_EQ(browser.get("/api/v1/me/tokens").object().at("total").as_int64(), 2)
      << "with the world's own token";
  EXPECT_EQ(browser.get("/api/v1/me/tokens?sort=secret").error_code(), "invalid_sort");

  ASSERT_EQ(browser.del("/api/v1/me/tokens/" + std::to_string(id)).status, 204);
  EXPECT_EQ(script.get("/api/v1/me").status, 401);
  const Reply after = browser.get("/api/v1/me/tokens?sort=name");
  EXPECT_TRUE(after.object().at("items").at(0).at("revoked").as_bool()) << after;
  EXPECT_FALSE(after.object().at("items").at(0).at("revoked_at").is_null());
  EXPECT_EQ(browser.del("/api/v1/me/tokens/" + std::to_string(id)).status, 404);
  EXPECT_EQ(browser.del("/api/v1/me/tokens/abc").status, 404);
  EXPECT_EQ(browser.post("/api/v1/me/tokens", json::object{{"name", ""}})
                .object()
                .at("error")
                .at("message"),
            "name: must not be empty");
}

TEST_P(OwnAccount, ApiTokensMayListButNotManageTokensAndNobodyTouchesAnothersToken) {
  const std::int64_t before = tokens_of(world.a1_admin);
  ApiClient script = world.as(world.a1_admin);
  EXPECT_EQ(script.get("/api/v1/me/tokens").status, 200);
  const Reply create = script.post("/api/v1/me/tokens", json::object{{"name", "successor"}});
  EXPECT_EQ(create.status, 403) << create;
  EXPECT_EQ(create.error_code(), "session_required");
  const std::string own_id = world.database().sql("SELECT id FROM api_tokens WHERE user_id = " +
                                                  std::to_string(world.a1_admin.user_id));
  EXPECT_EQ(script.del("/api/v1/me/tokens/" + own_id).error_code(), "session_required");
  EXPECT_EQ(tokens_of(world.a1_admin), before);

  // Another user's token is not found, even for an admin above them.
  for (const auto* other : {&world.a2_admin, &world.a_admin, &world.b_admin}) {
    ApiClient browser = signed_in(world, *other);
    EXPECT_EQ(browser.del("/api/v1/me/tokens/" + own_id).status, 404) << other->email;
  }
  EXPECT_EQ(script.get("/api/v1/me").status, 200) << "the token still works";
}

TEST_P(OwnAccount, ChangingThePasswordEndsTheOtherSessions) {
  ApiClient here = signed_in(world, world.a2_admin);
  ApiClient elsewhere = signed_in(world, world.a2_admin);
  const std::string fresh = "a new and long password";

  const Reply wrong = here.post("/api/v1/me/password",
                                json::object{{"current", "not the password"}, {"new", fresh}});
  EXPECT_EQ(wrong.status, 403) << wrong;
  EXPECT_EQ(wrong.error_code(), "invalid_credentials");
  const Reply weak = here.post(
      "/api/v1/me/password", json::object{{"current", world.a2_admin.password}, {"new", "short"}});
  EXPECT_EQ(weak.status, 400) << weak;
  EXPECT_EQ(weak.object().at("error").at("message"), "password: must have at least 10 characters");
  EXPECT_EQ(here.post("/api/v1/me/password", json::object{{"new", fresh}}).status, 400);
  EXPECT_EQ(world.as(world.a2_admin)
                .post("/api/v1/me/password",
                      json::object{{"current", world.a2_admin.password}, {"new", fresh}})
                .error_code(),
            "session_required");
  EXPECT_EQ(elsewhere.get("/api/v1/me").status, 200) << "nothing changed yet";

  const Reply changed = here.post(
      "/api/v1/me/password", json::object{{"current", world.a2_admin.password}, {"new", fresh}});
  ASSERT_EQ(changed.status, 204) << changed;
  EXPECT_EQ(here.get("/api/v1/me").status, 200) << "the session that changed it stays";
  EXPECT_EQ(elsewhere.get("/api/v1/me").status, 401);
  EXPECT_EQ(sign_in(world, world.a2_admin).error_code(), "invalid_credentials");
  EXPECT_EQ(
      sign_in(world, json::object{{"email", world.a2_admin.email}, {"password", fresh}}).status,
      200);
}

TEST_P(OwnAccount, GuessingThePasswordOnAccountPagesHitsTheSignInLimit) {
  ApiClient stolen = signed_in(world, world.a_technician);
  const json::object guess{{"current", "guessed password"}, {"new", "a new and long password"}};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(stolen.post("/api/v1/me/password", guess).error_code(), "invalid_credentials");
  }
  const Reply limited = stolen.post("/api/v1/me/password", guess);
  EXPECT_EQ(limited.status, 429) << limited;
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(sign_in(world, world.a_technician).status, 429) << "the same account limit";
}

TEST_P(OwnAccount, PreferencesAreValidatedStoredAndShownWithMe) {
  ApiClient viewer = signed_in(world, world.a1_viewer);
  const Reply defaults = viewer.get("/api/v1/me/preferences");
  ASSERT_EQ(defaults.status, 200) << defaults;
  EXPECT_EQ(defaults.object().at("licenses").at("per_page"), 25);
  EXPECT_EQ(defaults.object().at("hide_expired"), false);

  const json::object chosen{{"language", "de"},
                            {"licenses", {{"columns", {"name", "expires_at"}}, {"per_page", 50}}},
                            {"devices", {{"columns", {"hostname", "status"}}, {"per_page", 100}}},
                            {"hide_expired", true}};
  const Reply saved = viewer.put("/api/v1/me/preferences", chosen);
  ASSERT_EQ(saved.status, 200) << saved;
  EXPECT_EQ(saved.body, json::value(chosen));
  const Reply me = viewer.get("/api/v1/me");
  EXPECT_EQ(me.object().at("user").at("preferences"), json::value(chosen));
  EXPECT_EQ(me.object().at("user").at("language"), "de");
  EXPECT_EQ(me.object().at("user").at("totp_enabled"), false);

  const std::vector<std::pair<json::object, std::string>> invalid = {
      {{{"language", "fr"}}, "language: must be en or de"},
      {{{"licenses", {{"per_page", 1000}}}}, "licenses.per_page: must be 10, 25, 50 or 100"},
      {{{"devices", {{"columns", {"hostname", "password"}}}}},
       "devices.columns[1]: unknown column \"password\""},
      {{{"devices", {{"columns", json::array{}}}}},
       "devices.columns: must name at least one column"},
      {{{"hide_expired", "yes"}}, "hide_expired: must be true or false"},
      {{{"colour", "blue"}}, "colour: is not a preference"},
  };
  for (const auto& [body, message] : invalid) {
    const Reply refused = viewer.put("/api/v1/me/preferences", body);
    EXPECT_EQ(refused.status, 400) << json::serialize(body) << ": " << refused;
    EXPECT_EQ(refused.object().at("error").at("message").as_string(), message);
  }
  EXPECT_EQ(viewer.get("/api/v1/me/preferences").body, json::value(chosen))
      << "refused changes changed nothing";
  // An API token may set its user's preferences; absent members take the defaults.
  const Reply reset = world.as(world.a1_viewer).put("/api/v1/me/preferences", json::object{});
  EXPECT_EQ(reset.status, 200) << reset;
  EXPECT_EQ(reset.object().at("language"), "en");
}

TEST_P(OwnAccount, ADashboardLinkShowsTheOwnersScopeAndARegeneratedOneKillsTheOldOne) {
  world.activate_device(world.a1_license, "PC-01");
  const auto [stale_id, stale_token] = world.activate_device(world.a1_license, "PC-02");
  world.activate_device(world.a2_license, "KASSE-1");
  world.activate_device(world.b1_license, "KANZLEI-1");
  world.database().sql("UPDATE devices SET last_contact_at = 1000 WHERE id = " +
                       std::to_string(stale_id));

  ApiClient customer = signed_in(world, world.a1_admin);
  EXPECT_EQ(customer.get("/api/v1/me/dashboard-link").object().at("active"), false);
  const Reply first = customer.post("/api/v1/me/dashboard-link");
  ASSERT_EQ(first.status, 201) << first;
  const std::string first_url(first.object().at("url").as_string());
  const std::string marker = "/shared-dashboard/";
  ASSERT_NE(first_url.find(marker), std::string::npos) << first_url;
  const std::string first_token = first_url.substr(first_url.find(marker) + marker.size());
  EXPECT_TRUE(first.object().at("qr_svg").as_string().starts_with("<svg "));

  const Reply shown = world.anonymous().get("/api/v1/shared-dashboard/" + first_token);
  ASSERT_EQ(shown.status, 200) << shown;
  EXPECT_EQ(shown.object().at("company").at("name"), "Praxis Berg");
  EXPECT_EQ(shown.object().at("devices").at("total"), 2) << "only the owner's scope";
  EXPECT_EQ(shown.object().at("devices").at("by_status").at("unknown"), 1);
  EXPECT_EQ(shown.object().at("devices").at("by_status").at("deactivated"), 0);
  EXPECT_EQ(shown.object().at("licenses").at("total"), 1);
  EXPECT_EQ(shown.object().at("licenses").at("expired"), 0);
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM dashboard_links WHERE token_hash = '" +
                                     first_token + "'"),
            0)
      << "stored only as a hash";

  const Reply second = customer.post("/api/v1/me/dashboard-link");
  ASSERT_EQ(second.status, 201);
  const std::string second_url(second.object().at("url").as_string());
  EXPECT_NE(second_url, first_url);
  EXPECT_EQ(world.anonymous().get("/api/v1/shared-dashboard/" + first_token).status, 404)
      << "the regenerated link killed the old one";
  const std::string second_token = second_url.substr(second_url.find(marker) + marker.size());
  EXPECT_EQ(world.anonymous().get("/api/v1/shared-dashboard/" + second_token).status, 200);
  const Reply state = customer.get("/api/v1/me/dashboard-link");
  EXPECT_EQ(state.object().at("active"), true);
  EXPECT_FALSE(state.object().at("last_used_at").is_null());
  EXPECT_FALSE(state.object().contains("url"));

  // The link opens nothing else.
  ApiClient with_link(world.port(), {{"authorization", "Bearer " + second_token}});
  EXPECT_EQ(with_link.get("/api/v1/me").status, 401);
  ApiClient link_as_cookie(world.port(), {{"cookie", "kw_session=" + second_token}});
  EXPECT_EQ(link_as_cookie.get("/api/v1/me").status, 401);

  // A reseller's link covers all its customers.
  ApiClient reseller = signed_in(world, world.a_admin);
  const std::string reseller_url(
      reseller.post("/api/v1/me/dashboard-link").object().at("url").as_string());
  const Reply wide = world.anonymous().get(
      "/api/v1/shared-dashboard/" + reseller_url.substr(reseller_url.find(marker) + marker.size()));
  EXPECT_EQ(wide.object().at("devices").at("total"), 3) << wide;
  EXPECT_EQ(wide.object().at("licenses").at("total"), 2);

  EXPECT_EQ(world.as(world.a1_admin).post("/api/v1/me/dashboard-link").error_code(),
            "session_required");
  EXPECT_EQ(world.as(world.a1_admin).del("/api/v1/me/dashboard-link").error_code(),
            "session_required");
  ASSERT_EQ(customer.del("/api/v1/me/dashboard-link").status, 204);
  EXPECT_EQ(world.anonymous().get("/api/v1/shared-dashboard/" + second_token).status, 404);
  EXPECT_EQ(customer.del("/api/v1/me/dashboard-link").status, 404);
  EXPECT_EQ(customer.get("/api/v1/me/dashboard-link").object().at("active"), false);
  EXPECT_EQ(world.anonymous().get("/api/v1/shared-dashboard/kwv_guess").status, 404);
}

TEST_P(OwnAccount, ADashboardLinkDiesWithItsOwnersAccess) {
  ApiClient browser = signed_in(world, world.a2_admin);
  const std::string url(browser.post("/api/v1/me/dashboard-link").object().at("url").as_string());
  const std::string path = url.substr(url.find("/shared-dashboard/"));
  ASSERT_EQ(world.anonymous().get("/api/v1" + path).status, 200);
  world.database().sql("UPDATE users SET disabled = 1 WHERE id = " +
                       std::to_string(world.a2_admin.user_id));
  EXPECT_EQ(world.anonymous().get("/api/v1" + path).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, OwnAccount, kEngines);

}  // namespace
}  // namespace keyward::test
