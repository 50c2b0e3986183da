// TOTP second factor: enrolment with a QR code, enabling with a code, sign-in that asks for
// the code, codes and recovery codes that work once, and turning it off again.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "core/totp.hpp"
#include "sessions.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

// The code of the authenticator app for `secret`, `steps` time steps from now.
std::string code_for(const std::string& secret, std::int64_t steps = 0) {
  const auto bytes = core::base32_decode(secret);
  return core::hotp(*bytes, static_cast<std::uint64_t>(core::totp_step(unix_now()) + steps));
}

class TwoFactor : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
};

TEST_P(TwoFactor, EnrolVerifySignInWithCodesThatWorkOnceAndDisable) {
  ApiClient browser = signed_in(world, world.a1_admin);
  const Reply enrolled = browser.post("/api/v1/me/totp");
  ASSERT_EQ(enrolled.status, 200) << enrolled;
  const std::string secret(enrolled.object().at("secret").as_string());
  EXPECT_EQ(core::base32_decode(secret)->size(), core::kTotpSecretBytes);
  EXPECT_EQ(enrolled.object().at("otpauth_uri").as_string(),
            "otpauth://totp/Keyward:dr.berg%40praxis-berg.example?secret=" + secret +
                "&issuer=Keyward&algorithm=SHA1&digits=6&period=30");
  EXPECT_TRUE(enrolled.object().at("qr_svg").as_string().starts_with("<svg "));
  EXPECT_EQ(sign_in(world, world.a1_admin).status, 200) << "not on before it is verified";

  const Reply wrong = browser.post("/api/v1/me/totp/verify", json::object{{"code", "000000"}});
  EXPECT_EQ(wrong.status, 400) << wrong;
  EXPECT_EQ(wrong.error_code(), "invalid_code");
  EXPECT_EQ(browser.post("/api/v1/me/totp/verify", json::object{}).status, 400);
  const std::string verifying_code = code_for(secret);
  const Reply verified =
      browser.post("/api/v1/me/totp/verify", json::object{{"code", verifying_code}});
  ASSERT_EQ(verified.status, 200) << verified;
  const json::array& recovery = verified.object().at("recovery_codes").as_array();
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_EQ(recovery[0].as_string().size(), 19u) << recovery[0];
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM recovery_codes WHERE code_hash = '" +
                                     std::string(recovery[0].as_string()) + "'"),
            0)
      << "stored only as hashes";
  EXPECT_TRUE(browser.get("/api/v1/me").object().at("user").at("totp_enabled").as_bool());
  EXPECT_EQ(browser.post("/api/v1/me/totp").error_code(), "totp_enabled");

  // Sign-in now asks for the code; a wrong one is refused with the same code.
  const Reply asked = sign_in(world, world.a1_admin);
  EXPECT_EQ(asked.status, 401) << asked;
  EXPECT_EQ(asked.error_code(), "totp_required");
  EXPECT_TRUE(asked.header("set-cookie").empty());
  EXPECT_EQ(sign_in(world, world.a1_admin, {{"totp_code", "123456"}}).error_code(),
            "totp_required");
  EXPECT_EQ(sign_in(world, json::object{{"email", world.a1_admin.email},
                                        {"password", "wrong password"},
                                        {"totp_code", code_for(secret, 1)}})
                .error_code(),
            "invalid_credentials");
  // The code of the verification step was used; the next step's code is valid once.
  EXPECT_EQ(sign_in(world, world.a1_admin, {{"totp_code", verifying_code}}).status, 401);
  const std::string next = code_for(secret, 1);
  const Reply with_code = sign_in(world, world.a1_admin, {{"totp_code", next}});
  ASSERT_EQ(with_code.status, 200) << with_code;
  EXPECT_EQ(sign_in(world, world.a1_admin, {{"totp_code", next}}).error_code(), "totp_required")
      << "a code works only once";

  // Each recovery code works once, in any spelling.
  const std::string first(recovery[1].as_string());
  EXPECT_EQ(sign_in(world, world.a1_admin, {{"recovery_code", first}}).status, 200);
  EXPECT_EQ(sign_in(world, world.a1_admin, {{"recovery_code", first}}).error_code(),
            "totp_required");
  std::string spelled(recovery[2].as_string());
  for (char& c : spelled) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  spelled.erase(std::remove(spelled.begin(), spelled.end(), '-'), spelled.end());
  EXPECT_EQ(sign_in(world, world.a1_admin, {{"recovery_code", spelled}}).status, 200);

  // Off again: only with the password (or a current code).
  ApiClient again = session_client(world, with_code);
  const Reply refused =
      again.post("/api/v1/me/totp/disable", json::object{{"password", "not the password"}});
  EXPECT_EQ(refused.status, 403) << refused;
  EXPECT_EQ(refused.error_code(), "invalid_credentials");
  EXPECT_EQ(again.post("/api/v1/me/totp/disable", json::object{}).status, 400);
  const Reply off =
      again.post("/api/v1/me/totp/disable", json::object{{"password", world.a1_admin.password}});
  EXPECT_EQ(off.status, 204) << off;
  EXPECT_FALSE(again.get("/api/v1/me").object().at("user").at("totp_enabled").as_bool());
  EXPECT_EQ(sign_in(world, world.a1_admin).status, 200);
  EXPECT_EQ(
      sign_in(world, world.a1_admin, {{"recovery_code", std::string(recovery[3].as_string())}})
          .status,
      200)
      << "without TOTP no code is asked for";
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM recovery_codes WHERE user_id = " +
                                     std::to_string(world.a1_admin.user_id)),
            0);
  EXPECT_EQ(
      again.post("/api/v1/me/totp/disable", json::object{{"password", world.a1_admin.password}})
          .error_code(),
      "totp_disabled");
}

TEST_P(TwoFactor, DisablingWithACurrentCodeAndVerifyingWithoutEnrolment) {
  ApiClient browser = signed_in(world, world.b_admin);
  EXPECT_EQ(browser.post("/api/v1/me/totp/verify", json::object{{"code", "123456"}}).error_code(),
            "totp_not_enrolled");
  const std::string secret(browser.post("/api/v1/me/totp").object().at("secret").as_string());
  // A second enrolment replaces the unconfirmed secret.
  const std::string replaced(browser.post("/api/v1/me/totp").object().at("secret").as_string());
  EXPECT_NE(secret, replaced);
  EXPECT_EQ(
      browser.post("/api/v1/me/totp/verify", json::object{{"code", code_for(secret)}}).error_code(),
      "invalid_code");
  ASSERT_EQ(
      browser.post("/api/v1/me/totp/verify", json::object{{"code", code_for(replaced)}}).status,
      200);
  const Reply off =
      browser.post("/api/v1/me/totp/disable", json::object{{"code", code_for(replaced, 1)}});
  EXPECT_EQ(off.status, 204) << off;
}

TEST_P(TwoFactor, ApiTokensCanNotChangeTheSecondFactor) {
  for (const std::string path :
       {"/api/v1/me/totp", "/api/v1/me/totp/verify", "/api/v1/me/totp/disable"}) {
    const Reply reply = world.as(world.a_admin).post(path, json::object{{"code", "123456"}});
    EXPECT_EQ(reply.status, 403) << path << ": " << reply;
    EXPECT_EQ(reply.error_code(), "session_required") << path;
  }
  EXPECT_EQ(world.database().sql("SELECT COALESCE(totp_secret, 'none') FROM users WHERE id = " +
                                 std::to_string(world.a_admin.user_id)),
            "none");
}

INSTANTIATE_TEST_SUITE_P(Engines, TwoFactor, kEngines);

}  // namespace
}  // namespace keyward::test
