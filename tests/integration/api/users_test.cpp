// Users: invitations with a single-use set-password link, and who may see and change whom
// (admins only; their company and below, never above or beside; the last admin stays).

#include <gtest/gtest.h>

#include "sessions.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class Users : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::string path(const Account& account) {
    return "/api/v1/users/" + std::to_string(account.user_id);
  }
  std::int64_t users_with_email(const std::string& email) {
    return world.database().sql_int("SELECT COUNT(*) FROM users WHERE lower(email) = '" + email +
                                    "'");
  }
  std::string role_of(const Account& account) {
    return world.database().sql("SELECT role FROM users WHERE id = " +
                                std::to_string(account.user_id));
  }
  // The token of the newest set-password link mailed to `email`.
  std::string mailed_token(const std::string& email) {
    const std::string body = world.database().sql(
        "SELECT text_body FROM outbox WHERE recipient = '" + email + "' ORDER BY id DESC LIMIT 1");
    const std::string marker = "/set-password?token=";
    const auto at = body.find(marker);
    if (at == std::string::npos) return "";
    const auto start = at + marker.size();
    return body.substr(start, body.find_first_of(" \n", start) - start);
  }
};

TEST_P(Users, AnInvitationMailsASingleUseLinkThatSetsThePassword) {
  const json::object invitation{{"email", "Neu@Praxis-Berg.example"},
                                {"name", "Nina Neu"},
                                {"role", "technician"},
                                {"company_id", world.customer_a1},
                                {"language", "de"}};
  const Reply invited = world.as(world.a_admin).post("/api/v1/users", invitation);
  ASSERT_EQ(invited.status, 201) << invited;
  EXPECT_EQ(invited.object().at("email"), "neu@praxis-berg.example");
  EXPECT_EQ(invited.object().at("role"), "technician");
  EXPECT_EQ(invited.object().at("company").at("id").as_int64(), world.customer_a1);
  EXPECT_EQ(invited.object().at("invitation_pending"), true);
  const std::int64_t id = invited.object().at("id").as_int64();

  EXPECT_EQ(world.database().sql("SELECT subject FROM outbox WHERE recipient = "
                                 "'neu@praxis-berg.example'"),
            "Ihr Keyward-Zugang");
  const std::string token = mailed_token("neu@praxis-berg.example");
  ASSERT_TRUE(token.starts_with("kwi_")) << token;
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM password_tokens WHERE token_hash = '" +
                                     token + "'"),
            0)
      << "stored only as a hash";
  EXPECT_EQ(world.database().sql_int("SELECT expires_at - created_at FROM password_tokens "
                                     "WHERE user_id = " +
                                     std::to_string(id)),
            7 * 24 * 3600);

  EXPECT_EQ(sign_in(world, json::object{{"email", "neu@praxis-berg.example"},
                                        {"password", "anything at all"}})
                .error_code(),
            "invalid_credentials");

  const Reply weak = world.anonymous().post("/api/v1/password/set",
                                            json::object{{"token", token}, {"password", "short"}});
  EXPECT_EQ(weak.status, 400) << weak;
  EXPECT_EQ(weak.object().at("error").at("message"), "password: must have at least 10 characters");
  const std::string password = "mein neues Passwort";
  const Reply set = world.anonymous().post("/api/v1/password/set",
                                           json::object{{"token", token}, {"password", password}});
  ASSERT_EQ(set.status, 204) << set;
  EXPECT_TRUE(set.header("set-cookie").empty()) << "setting the password signs nobody in";
  const Reply again = world.anonymous().post(
      "/api/v1/password/set", json::object{{"token", token}, {"password", "somebody else's"}});
  EXPECT_EQ(again.status, 400) << again;
  EXPECT_EQ(again.error_code(), "invalid_token");

  const Reply signed_in_reply =
      sign_in(world, json::object{{"email", "neu@praxis-berg.example"}, {"password", password}});
  ASSERT_EQ(signed_in_reply.status, 200) << signed_in_reply;
  EXPECT_EQ(signed_in_reply.object().at("user").at("language"), "de");
  EXPECT_EQ(world.as(world.a_admin)
                .get("/api/v1/users/" + std::to_string(id))
                .object()
                .at("invitation_pending"),
            false);
}

TEST_P(Users, ExpiredOrUnknownLinksSetNothing) {
  const Reply invited =
      world.as(world.a1_admin)
          .post("/api/v1/users", json::object{{"email", "spaet@praxis-berg.example"},
                                              {"role", "viewer"},
                                              {"company_id", world.customer_a1}});
  ASSERT_EQ(invited.status, 201) << invited;
  EXPECT_EQ(invited.object().at("name"), "spaet");
  EXPECT_EQ(world.database().sql("SELECT subject FROM outbox WHERE recipient = "
                                 "'spaet@praxis-berg.example'"),
            "Your Keyward account")
      << "the inviter's language";
  const std::string token = mailed_token("spaet@praxis-berg.example");
  world.database().sql("UPDATE password_tokens SET expires_at = 1000");
  for (const std::string& tried : {token, std::string("kwi_unknown")}) {
    const Reply refused = world.anonymous().post(
        "/api/v1/password/set", json::object{{"token", tried}, {"password", "long enough pw"}});
    EXPECT_EQ(refused.status, 400) << refused;
    EXPECT_EQ(refused.error_code(), "invalid_token");
  }
  EXPECT_EQ(world.database().sql("SELECT password_hash FROM users WHERE lower(email) = "
                                 "'spaet@praxis-berg.example'"),
            "");
  EXPECT_EQ(world.anonymous()
                .post("/api/v1/password/set", json::object{{"password", "x"}})
                .object()
                .at("error")
                .at("message"),
            "token: is required");
}

TEST_P(Users, BadInvitationsAre400Or409AndCreateNothing) {
  ApiClient admin = world.as(world.a_admin);
  const std::vector<std::pair<json::object, std::string>> invalid = {
      {{{"email", "not-an-address"}, {"role", "viewer"}, {"company_id", world.customer_a1}},
       "email: "},
      {{{"email", "x@praxis-berg.example"}, {"role", "boss"}, {"company_id", world.customer_a1}},
       "role: must be admin, technician or viewer"},
      {{{"email", "x@praxis-berg.example"}, {"role", "viewer"}}, "company_id: is required"},
      {{{"email", "x@praxis-berg.example"},
        {"role", "viewer"},
        {"company_id", world.customer_a1},
        {"language", "fr"}},
       "language: must be en or de"},
  };
  for (const auto& [body, message] : invalid) {
    const Reply refused = admin.post("/api/v1/users", body);
    EXPECT_EQ(refused.status, 400) << json::serialize(body) << ": " << refused;
    EXPECT_TRUE(
        std::string(refused.object().at("error").at("message").as_string()).starts_with(message))
        << refused;
  }
  EXPECT_EQ(users_with_email("x@praxis-berg.example"), 0);
  const Reply taken =
      admin.post("/api/v1/users", json::object{{"email", "DR.BERG@praxis-berg.example"},
                                               {"role", "viewer"},
                                               {"company_id", world.customer_a2}});
  EXPECT_EQ(taken.status, 409) << taken;
  EXPECT_EQ(taken.error_code(), "user_exists");
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(Users, OnlyAdminsManageUsersOfTheirCompanyAndBelow) {
  // Lists: the reseller admin sees A, A1 and A2; a customer admin only A1.
  const Reply reseller_list = world.as(world.a_admin).get("/api/v1/users?per_page=100");
  ASSERT_EQ(reseller_list.status, 200) << reseller_list;
  EXPECT_EQ(reseller_list.object().at("total"), 6);
  for (const auto& item : reseller_list.object().at("items").as_array()) {
    const std::int64_t company = item.at("company").at("id").as_int64();
    EXPECT_TRUE(company == world.reseller_a || company == world.customer_a1 ||
                company == world.customer_a2)
        << item;
  }
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/users").object().at("total"), 2);
  EXPECT_EQ(world.as(world.op_admin).get("/api/v1/users").object().at("total"), 9);
  const Reply filtered =
      world.as(world.a_admin)
          .get("/api/v1/users?company_id=" + std::to_string(world.customer_a1) + "&q=EMPFANG");
  EXPECT_EQ(filtered.object().at("total"), 1) << filtered;
  EXPECT_EQ(filtered.object().at("items").at(0).at("email").as_string(), world.a1_viewer.email);
  EXPECT_EQ(world.as(world.a_admin)
                .get("/api/v1/users?company_id=" + std::to_string(world.customer_b1))
                .object()
                .at("total"),
            0)
      << "another tenant's company filters to nothing";
  const Reply sorted = world.as(world.a_admin).get("/api/v1/users?sort=-email&per_page=10");
  EXPECT_EQ(sorted.object().at("items").at(0).at("email").as_string(), world.a_viewer.email)
      << sorted;
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/users?sort=password").error_code(),
            "invalid_sort");
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/users?per_page=1000").status, 400);
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/users?q=%25_%27").object().at("total"), 0);

  // Technicians and viewers manage no users.
  for (const auto* account : {&world.a_technician, &world.a_viewer, &world.a1_viewer}) {
    ApiClient client = world.as(*account);
    EXPECT_EQ(client.get("/api/v1/users").status, 403) << account->email;
    EXPECT_EQ(client.get(path(world.a1_viewer)).status, 403) << account->email;
    EXPECT_EQ(client.patch(path(world.a1_viewer), json::object{{"role", "admin"}}).status, 403);
    EXPECT_EQ(client.del(path(world.a1_viewer)).status, 403);
    EXPECT_EQ(client
                  .post("/api/v1/users", json::object{{"email", "t@praxis-berg.example"},
                                                      {"role", "admin"},
                                                      {"company_id", world.customer_a1}})
                  .status,
              403);
  }
  // Other resellers, sibling customers and anyone below see nothing of A1's or A's users.
  const std::vector<std::pair<const Account*, const Account*>> hidden = {
      {&world.b_admin, &world.a1_viewer},
      {&world.a2_admin, &world.a1_viewer},
      {&world.a1_admin, &world.a_technician},
      {&world.b1_admin, &world.a_admin}};
  for (const auto& [caller, target] : hidden) {
    ApiClient client = world.as(*caller);
    EXPECT_EQ(client.get(path(*target)).status, 404) << caller->email << " -> " << target->email;
    EXPECT_EQ(
        client.patch(path(*target), json::object{{"role", "viewer"}, {"disabled", true}}).status,
        404);
    EXPECT_EQ(client.del(path(*target)).status, 404);
    EXPECT_EQ(client
                  .post("/api/v1/users", json::object{{"email", "x@intruder.example"},
                                                      {"role", "admin"},
                                                      {"company_id", target->company_id}})
                  .status,
              404)
        << caller->email << " inviting into company " << target->company_id;
  }
  EXPECT_EQ(role_of(world.a1_viewer), "viewer");
  EXPECT_EQ(role_of(world.a_admin), "admin");
  EXPECT_EQ(users_with_email("x@intruder.example") + users_with_email("t@praxis-berg.example"), 0);
  EXPECT_EQ(world.as(world.a1_viewer).get("/api/v1/me").status, 200);

  // The reseller admin manages its customer's users.
  const Reply promoted =
      world.as(world.a_admin)
          .patch(path(world.a1_viewer), json::object{{"role", "technician"}, {"name", "Empfang"}});
  ASSERT_EQ(promoted.status, 200) << promoted;
  EXPECT_EQ(promoted.object().at("role"), "technician");
  EXPECT_EQ(promoted.object().at("name"), "Empfang");
  EXPECT_EQ(world.as(world.a_admin)
                .patch(path(world.a1_viewer), json::object{{"role", "chief"}})
                .object()
                .at("error")
                .at("message"),
            "role: must be admin, technician or viewer");
  EXPECT_EQ(world.as(world.a_admin).patch(path(world.a1_viewer), json::object{{"name", ""}}).status,
            400);
  EXPECT_EQ(
      world.as(world.a_admin).patch(path(world.a1_viewer), json::object{{"disabled", "no"}}).status,
      400);
}

TEST_P(Users, TheLastAdminKeepsTheirRightsAndDisablingLocksAUserOut) {
  ApiClient a1 = world.as(world.a1_admin);
  for (const auto& change : {json::object{{"role", "viewer"}}, json::object{{"disabled", true}}}) {
    const Reply refused = a1.patch(path(world.a1_admin), change);
    EXPECT_EQ(refused.status, 409) << refused;
    EXPECT_EQ(refused.error_code(), "last_admin");
  }
  EXPECT_EQ(a1.del(path(world.a1_admin)).error_code(), "last_admin");
  EXPECT_EQ(a1.patch(path(world.a1_admin), json::object{{"name", "Dr. Berg"}}).status, 200)
      << "other changes of oneself are fine";

  // With a second admin, the first may step down.
  ASSERT_EQ(a1.patch(path(world.a1_viewer), json::object{{"role", "admin"}}).status, 200);
  EXPECT_EQ(a1.patch(path(world.a1_admin), json::object{{"role", "technician"}}).status, 200);
  EXPECT_EQ(role_of(world.a1_admin), "technician");

  // Disabling ends sessions and stops API tokens; enabling again lets the user back in.
  ApiClient browser = signed_in(world, world.a2_admin);
  ASSERT_EQ(
      world.as(world.a_admin).patch(path(world.a2_admin), json::object{{"disabled", true}}).status,
      200);
  EXPECT_EQ(browser.get("/api/v1/me").status, 401);
  EXPECT_EQ(world.as(world.a2_admin).get("/api/v1/me").status, 401);
  EXPECT_EQ(sign_in(world, world.a2_admin).error_code(), "invalid_credentials");
  const Reply shown = world.as(world.a_admin).get(path(world.a2_admin));
  EXPECT_EQ(shown.object().at("disabled"), true) << shown;
  ASSERT_EQ(
      world.as(world.a_admin).patch(path(world.a2_admin), json::object{{"disabled", false}}).status,
      200);
  EXPECT_EQ(world.as(world.a2_admin).get("/api/v1/me").status, 200);

  // Deleting removes the user and their credentials; the action log keeps the change.
  ASSERT_EQ(world.as(world.a_admin).del(path(world.a1_viewer)).status, 204);
  EXPECT_EQ(world.as(world.a_admin).get(path(world.a1_viewer)).status, 404);
  EXPECT_EQ(world.as(world.a1_viewer).get("/api/v1/me").status, 401);
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM action_log WHERE action = "
                                     "'user.deleted'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Engines, Users, kEngines);

}  // namespace
}  // namespace keyward::test
