// Browser sign-in: the session cookie and its flags, CSRF on unsafe methods, logout, idle and
// absolute expiry, one answer for every wrong credential, and the login rate limit per
// account and per client address.

#include <gtest/gtest.h>

#include "keyward_binary.hpp"
#include "sessions.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class Sessions : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::string session_sql(const std::string& assignment, const std::string& cookie_user) {
    return "UPDATE sessions SET " + assignment + " WHERE user_id = " + cookie_user;
  }
};

TEST_P(Sessions, SignInSetsAStrictHttpOnlyCookieThatAuthenticates) {
  const Reply reply = sign_in(world, world.a1_admin);
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("user").at("email").as_string(), world.a1_admin.email);
  EXPECT_EQ(reply.object().at("company").at("id").as_int64(), world.customer_a1);
  const std::string csrf(reply.object().at("csrf_token").as_string());
  EXPECT_GE(csrf.size(), 40u);

  const std::string cookie = reply.header("set-cookie");
  EXPECT_TRUE(cookie.starts_with("kw_session=kws_")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: " << cookie;

  ApiClient browser = session_client(world, reply);
  const Reply me = browser.get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me;
  EXPECT_EQ(me.object().at("user").at("id").as_int64(), world.a1_admin.user_id);
  const Reply current = browser.get("/api/v1/session");
  ASSERT_EQ(current.status, 200) << current;
  EXPECT_EQ(current.object().at("csrf_token").as_string(), csrf);
  EXPECT_EQ(current.object().at("user").at("email").as_string(), world.a1_admin.email);
  EXPECT_FALSE(world.database()
                   .sql("SELECT last_login_at FROM users WHERE id = " +
                        std::to_string(world.a1_admin.user_id))
                   .empty());
  // An API token has no session to show.
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/session").status, 404);
}

TEST_P(Sessions, UnsafeMethodsNeedTheSessionsCsrfToken) {
  const Reply signed_reply = sign_in(world, world.a1_viewer);
  ASSERT_EQ(signed_reply.status, 200) << signed_reply;
  const json::object german{{"language", "de"}};
  for (const std::string bad : {"", "wrong-token"}) {
    ApiClient forged = session_client(world, signed_reply, bad);
    const Reply refused = forged.put("/api/v1/me/preferences", german);
    EXPECT_EQ(refused.status, 403) << "csrf '" << bad << "': " << refused;
    EXPECT_EQ(refused.error_code(), "csrf_token_invalid");
    EXPECT_EQ(forged.get("/api/v1/me").status, 200) << "safe methods need no CSRF token";
  }
  EXPECT_EQ(world.as(world.a1_viewer).get("/api/v1/me").object().at("user").at("language"), "en")
      << "the refused requests changed nothing";
  const Reply accepted = session_client(world, signed_reply).put("/api/v1/me/preferences", german);
  EXPECT_EQ(accepted.status, 200) << accepted;
  EXPECT_EQ(accepted.object().at("language"), "de");
  // A CSRF token of another session does not fit.
  const Reply other = sign_in(world, world.a1_viewer);
  ApiClient mixed =
      session_client(world, signed_reply, std::string(other.object().at("csrf_token").as_string()));
  EXPECT_EQ(mixed.put("/api/v1/me/preferences", german).error_code(), "csrf_token_invalid");
}

TEST_P(Sessions, SignInNeverAdoptsASessionIdTheBrowserBroughtAlong) {
  // An attacker who planted a cookie (or knows an old session of the same browser) must not
  // share the session that the victim's sign-in creates.
  const Reply earlier = sign_in(world, world.a1_viewer);
  ASSERT_EQ(earlier.status, 200) << earlier;
  const std::string earlier_cookie = session_cookie(earlier);
  for (const std::string& planted :
       {std::string("attacker-chosen-session-id"), earlier_cookie}) {
    ApiClient browser(world.port(), {{"cookie", "kw_session=" + planted}});
    const Reply answer = browser.post(
        "/api/v1/session", json::object{{"email", world.a1_viewer.email},
                                        {"password", world.a1_viewer.password}});
    ASSERT_EQ(answer.status, 200) << answer;
    const std::string issued = session_cookie(answer);
    EXPECT_FALSE(issued.empty());
    EXPECT_NE(issued, planted) << "the sign-in kept the session id the browser sent";
  }
  ApiClient planted_only(world.port(), {{"cookie", "kw_session=attacker-chosen-session-id"}});
  EXPECT_EQ(planted_only.get("/api/v1/me").status, 401) << "a made-up session id is no session";
}

TEST_P(Sessions, LogoutEndsTheSessionAndClearsTheCookie) {
  const Reply signed_reply = sign_in(world, world.a_technician);
  ASSERT_EQ(signed_reply.status, 200) << signed_reply;
  EXPECT_EQ(session_client(world, signed_reply, "").del("/api/v1/session").error_code(),
            "csrf_token_invalid");
  ApiClient browser = session_client(world, signed_reply);
  const Reply out = browser.del("/api/v1/session");
  ASSERT_EQ(out.status, 204) << out;
  const std::string cleared = out.header("set-cookie");
  EXPECT_TRUE(cleared.starts_with("kw_session=;")) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  EXPECT_EQ(browser.get("/api/v1/me").status, 401);
  EXPECT_EQ(browser.get("/api/v1/session").status, 401);
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM sessions WHERE user_id = " +
                                     std::to_string(world.a_technician.user_id)),
            0);
}

TEST_P(Sessions, ExpireWhenIdleAndAbsolutelyWhileActivityExtendsTheIdleTime) {
  const std::string user = std::to_string(world.a_admin.user_id);
  const std::int64_t now = unix_now();

  ApiClient idle = signed_in(world, world.a_admin);
  world.database().sql(session_sql("idle_expires_at = " + std::to_string(now - 1), user));
  EXPECT_EQ(idle.get("/api/v1/me").status, 401) << "idle for longer than 30 minutes";

  ApiClient old = signed_in(world, world.a_admin);
  world.database().sql(session_sql("absolute_expires_at = " + std::to_string(now - 1), user));
  EXPECT_EQ(old.get("/api/v1/me").status, 401) << "older than 12 hours, however active";

  world.database().sql("DELETE FROM sessions WHERE user_id = " + user);
  ApiClient active = signed_in(world, world.a_admin);
  // Last seen two minutes ago, ten seconds before its idle expiry; activity now extends it.
  const auto idle_expiry_after_activity = [&](std::int64_t absolute_expiry) {
    world.database().sql(session_sql(
        "last_seen_at = " + std::to_string(now - 120) + ", idle_expires_at = " +
            std::to_string(now + 10) + ", absolute_expires_at = " + std::to_string(absolute_expiry),
        user));
    EXPECT_EQ(active.get("/api/v1/me").status, 200);
    return world.database().sql_int("SELECT idle_expires_at FROM sessions WHERE user_id = " + user);
  };
  const std::int64_t extended = idle_expiry_after_activity(now + 4 * 3600);
  EXPECT_GE(extended, now + 30 * 60);
  EXPECT_LE(extended, unix_now() + 30 * 60);
  EXPECT_EQ(idle_expiry_after_activity(now + 100), now + 100)
      << "near the absolute end, only up to it";
}

TEST_P(Sessions, EveryWrongCredentialGetsTheSameAnswer) {
  // An account whose invitation was never accepted has no password yet.
  world.database().sql("UPDATE users SET password_hash = '' WHERE id = " +
                       std::to_string(world.a2_admin.user_id));
  world.database().sql("UPDATE users SET disabled = 1 WHERE id = " +
                       std::to_string(world.b1_admin.user_id));
  const std::vector<json::object> attempts = {
      {{"email", world.a1_admin.email}, {"password", "not the password"}},
      {{"email", "nobody@nowhere.example"}, {"password", "not the password"}},
      {{"email", world.a2_admin.email}, {"password", world.a2_admin.password}},
      {{"email", world.b1_admin.email}, {"password", world.b1_admin.password}},
  };
  std::string first_body;
  for (const auto& attempt : attempts) {
    const Reply reply = sign_in(world, attempt);
    EXPECT_EQ(reply.status, 401) << attempt.at("email") << ": " << reply;
    EXPECT_EQ(reply.error_code(), "invalid_credentials");
    EXPECT_TRUE(reply.header("set-cookie").empty());
    if (first_body.empty()) first_body = reply.raw;
    EXPECT_EQ(reply.raw, first_body) << "the answer must not tell the cases apart";
  }
  // The e-mail is matched in any letter case.
  json::object upper{{"email", "DR.BERG@PRAXIS-BERG.EXAMPLE"},
                     {"password", world.a1_admin.password}};
  EXPECT_EQ(sign_in(world, upper).status, 200);
}

TEST_P(Sessions, BadSignInRequestsAre400NamingTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"password":"x"})", "email: is required"},
      {R"({"email":"a@b.example"})", "password: is required"},
      {R"({"email":"a@b.example","password":""})", "password: is required"},
      {R"({"email":42,"password":"x"})", "email: must be a string"},
      {R"([1,2])", "body: must be a JSON object"},
      {"{\"email\":\"a@b.example\",\"password\":\"" + std::string(2000, 'x') + "\"}",
       "password: must have at most 1024 bytes"},
  };
  for (const auto& [body, message] : cases) {
    const Reply reply = world.anonymous().request(http::Method::post, "/api/v1/session", body);
    EXPECT_EQ(reply.status, 400) << body.substr(0, 80) << ": " << reply;
    EXPECT_EQ(reply.object().at("error").at("message").as_string(), message);
  }
  EXPECT_EQ(world.anonymous().request(http::Method::post, "/api/v1/session", "{").error_code(),
            "invalid_json");
}

TEST_P(Sessions, TheRateLimitCountsFailuresPerAccountAndPerAddressInTheDatabase) {
  const auto fail_as = [&](const std::string& email) {
    const Reply reply = sign_in(world, json::object{{"email", email}, {"password", "wrong pw"}});
    EXPECT_EQ(reply.status, 401) << email << ": " << reply;
  };
  // A successful sign-in forgets the account's earlier failures.
  for (int i = 0; i < 4; ++i) fail_as(world.a1_admin.email);
  ASSERT_EQ(sign_in(world, world.a1_admin).status, 200);
  for (int i = 0; i < 5; ++i) fail_as(world.a1_admin.email);

  // The sixth attempt within 15 minutes is refused, even with the right password.
  const Reply locked = sign_in(world, world.a1_admin);
  EXPECT_EQ(locked.status, 429) << locked;
  EXPECT_EQ(locked.error_code(), "too_many_attempts");
  const int retry_after = std::stoi(locked.header("retry-after"));
  EXPECT_GT(retry_after, 800);
  EXPECT_LE(retry_after, 900);
  // Unknown accounts are limited alike, in any spelling of the address.
  for (int i = 0; i < 5; ++i) fail_as("Ghost@Nowhere.example");
  EXPECT_EQ(
      sign_in(world, json::object{{"email", "ghost@nowhere.example"}, {"password", "x"}}).status,
      429);

  // Other accounts from this address still get in until the address has 20 failures
  // (4 + 5 + 5 so far; refused attempts do not count).
  EXPECT_EQ(sign_in(world, world.a2_admin).status, 200);
  for (int i = 0; i < 6; ++i) fail_as("someone" + std::to_string(i) + "@nowhere.example");
  const Reply address_locked = sign_in(world, world.b_admin);
  EXPECT_EQ(address_locked.status, 429) << address_locked;
  EXPECT_FALSE(address_locked.header("retry-after").empty());

  // The failures are rows every server reads; once they are 15 minutes old they stop counting.
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM login_failures WHERE subject = "
                                     "'account:dr.berg@praxis-berg.example'"),
            5);
  world.database().sql("UPDATE login_failures SET failed_at = failed_at - 901");
  EXPECT_EQ(sign_in(world, world.b_admin).status, 200);
  EXPECT_EQ(sign_in(world, world.a1_admin).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, Sessions, kEngines);

TEST(SessionsOverTls, TheCookieIsSecure) {
  PortalWorld world("sqlite");
  TempDir dir;
  const TlsFiles tls = self_signed_certificate(dir);
  KeywardServer tls_server(world.url(), {"--tls-cert", tls.cert, "--tls-key", tls.key});
  const json::object body{{"email", world.a1_admin.email}, {"password", world.a1_admin.password}};
  const http::Response response =
      tls_server.client(true).post("/api/v1/session", json::serialize(body));
  ASSERT_EQ(response.status, 200) << response.body;
  const std::string cookie = response.header("set-cookie").value_or("");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
}

TEST(SessionsBehindAProxy, TheRateLimitCountsTheForwardedAddressOfTrustedProxiesOnly) {
  PortalWorld world("sqlite");
  KeywardServer behind_proxy(world.url(),
                             {"--trusted-proxy", "127.0.0.1", "--access-log", "false"});
  const auto from = [&](std::uint16_t port, const std::string& forwarded) {
    return ApiClient(port, {{"x-forwarded-for", forwarded}});
  };
  const auto attempt = [&](ApiClient& client, const std::string& email, const std::string& pw) {
    return client.post("/api/v1/session", json::object{{"email", email}, {"password", pw}});
  };
  // 20 failures of one office (spoofed entries left of the proxy's are not believed).
  ApiClient office = from(behind_proxy.port(), "6.6.6.6, 203.0.113.7");
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(attempt(office, "guess" + std::to_string(i) + "@nowhere.example", "wrong").status,
              401);
  }
  EXPECT_EQ(attempt(office, world.b_admin.email, world.b_admin.password).status, 429);
  ApiClient other_office = from(behind_proxy.port(), "6.6.6.6, 198.51.100.9");
  EXPECT_EQ(attempt(other_office, world.b_admin.email, world.b_admin.password).status, 200)
      << "another client behind the same proxy";
  // A server that trusts no proxy ignores the header: the peer itself has no failures.
  ApiClient direct = from(world.port(), "203.0.113.7");
  EXPECT_EQ(attempt(direct, world.b_admin.email, world.b_admin.password).status, 200);
  EXPECT_EQ(world.database().sql_int(
                "SELECT COUNT(*) FROM login_failures WHERE subject = 'address:203.0.113.7'"),
            20);
}

}  // namespace
}  // namespace keyward::test
