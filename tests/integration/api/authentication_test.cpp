// Who may call the portal API: API tokens, and what happens without valid credentials.

#include <gtest/gtest.h>

#include "portal_world.hpp"

namespace keyward::test {
namespace {

class Authentication : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
};

TEST_P(Authentication, AnApiTokenIdentifiesItsUserAndCompany) {
  const Reply reply = world.as(world.a_technician).get("/api/v1/me");
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("user").at("email").as_string(), "tom@northwind.example");
  EXPECT_EQ(reply.object().at("user").at("role").as_string(), "technician");
  EXPECT_EQ(reply.object().at("company").at("id").as_int64(), world.reseller_a);
  EXPECT_EQ(reply.object().at("company").at("kind").as_string(), "reseller");
}

TEST_P(Authentication, WithoutCredentialsTheApiAnswers401) {
  const Reply reply = world.anonymous().get("/api/v1/me");
  EXPECT_EQ(reply.status, 401) << reply;
  EXPECT_EQ(reply.error_code(), "unauthenticated");
}

TEST_P(Authentication, UnknownMalformedAndDeviceTokensAre401) {
  for (const std::string header :
       {"Bearer kw_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b"}) {
    ApiClient client(world.port(), {{"authorization", header}});
    const Reply reply = client.get("/api/v1/me");
    EXPECT_EQ(reply.status, 401) << header << ": " << reply;
    EXPECT_EQ(reply.error_code(), "unauthenticated") << header;
  }
  const auto [device_id, device_token] = world.activate_device(world.a1_license, "PC-01");
  ApiClient device(world.port(), {{"authorization", "Bearer " + device_token}});
  EXPECT_EQ(device.get("/api/v1/me").status, 401) << "a device token is no API token";
}

TEST_P(Authentication, ARevokedTokenOrADisabledUserIsRejected) {
  world.database().sql("UPDATE users SET disabled = 1 WHERE id = " +
                       std::to_string(world.a_viewer.user_id));
  EXPECT_EQ(world.as(world.a_viewer).get("/api/v1/me").status, 401);
  world.database().sql("UPDATE api_tokens SET revoked_at = 1 WHERE user_id = " +
                       std::to_string(world.a1_admin.user_id));
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/me").status, 401);
  EXPECT_EQ(world.as(world.a2_admin).get("/api/v1/me").status, 200);
}

TEST_P(Authentication, AForgedSessionCookieIs401) {
  ApiClient client(world.port(), {{"cookie", "kw_session=forged"}}, "whatever");
  const Reply reply = client.get("/api/v1/me");
  EXPECT_EQ(reply.status, 401) << reply;
}

TEST_P(Authentication, TheOpenApiDocumentIsPublic) {
  const Reply reply = world.anonymous().get("/api/v1/openapi.yaml");
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.raw.find("openapi: 3"), std::string::npos);
  EXPECT_EQ(reply.header("content-type"), "application/yaml; charset=utf-8");
}

INSTANTIATE_TEST_SUITE_P(Engines, Authentication, kEngines);

}  // namespace
}  // namespace keyward::test
