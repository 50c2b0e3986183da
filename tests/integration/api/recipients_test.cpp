// Notification recipients of a license: portal users are verified at once, any other address
// only through the link in its verification mail, and gets nothing else until then.

#include <gtest/gtest.h>

#include "fleet.hpp"
#include "portal_world.hpp"
#include "store/outbox_store.hpp"
#include "store/recipient_store.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class RecipientsApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
  const std::string path =
      "/api/v1/licenses/" + std::to_string(world.a1_license.id) + "/recipients";

  Reply add(const Account& account, const std::string& email) {
    return world.as(account).post(path, json::object{{"email", email}});
  }

  std::vector<core::OutboxMail> mails_to(const std::string& email) {
    auto database = open_database(world);
    return store::OutboxStore(*database->acquire()).list_for_recipient(email);
  }

  std::int64_t recipient_count() {
    return world.database().sql_int("SELECT COUNT(*) FROM recipients");
  }

  // The token of the verification link in the newest mail to `email`.
  std::string token_mailed_to(const std::string& email) {
    const auto mails = mails_to(email);
    if (mails.empty()) return "";
    const std::string& text = mails.front().text_body;
    const std::string marker = "/api/v1/recipients/verify?token=";
    const auto at = text.find(marker);
    if (at == std::string::npos) return "";
    const auto start = at + marker.size();
    return text.substr(start, text.find_first_of(" \n", start) - start);
  }
};

TEST_P(RecipientsApi, APortalUserWhoSeesTheLicenseIsVerifiedAtOnce) {
  const Reply reply = add(world.a_technician, "Dr.Berg@Praxis-Berg.example");
  ASSERT_EQ(reply.status, 201) << reply;
  EXPECT_EQ(reply.object().at("email").as_string(), "dr.berg@praxis-berg.example");
  EXPECT_TRUE(reply.object().at("verified").as_bool());
  EXPECT_EQ(reply.object().at("user_id").as_int64(), world.a1_admin.user_id);
  EXPECT_TRUE(mails_to(world.a1_admin.email).empty()) << "a portal user needs no verification";

  // The reseller's users see the license too.
  EXPECT_TRUE(add(world.a_admin, world.a_viewer.email).object().at("verified").as_bool());
}

TEST_P(RecipientsApi, AnyOtherAddressGetsAVerificationLinkAndNothingElseUntilItIsFollowed) {
  // A portal user of another reseller can not see the license: a free address for it.
  for (const std::string& email : {std::string("it@praxis-berg.example"), world.b_admin.email}) {
    const Reply reply = add(world.a1_admin, email);
    ASSERT_EQ(reply.status, 201) << reply;
    EXPECT_FALSE(reply.object().at("verified").as_bool()) << email;
    EXPECT_TRUE(reply.object().at("user_id").is_null());
    const auto mails = mails_to(email);
    ASSERT_EQ(mails.size(), 1u) << email;
    EXPECT_NE(mails.front().subject.find("Praxis Berg Clients"), std::string::npos);
  }
  auto database = open_database(world);
  const auto verified = [&] {
    std::vector<std::string> emails;
    for (const auto& recipient :
         store::RecipientStore(*database->acquire()).verified_recipients(world.a1_license.id)) {
      emails.push_back(recipient.email);
    }
    return emails;
  };
  EXPECT_TRUE(verified().empty()) << "notifications never reach an unverified address";

  const std::string token = token_mailed_to("it@praxis-berg.example");
  ASSERT_FALSE(token.empty());
  const Reply verify = world.anonymous().get("/api/v1/recipients/verify?token=" + token);
  ASSERT_EQ(verify.status, 200) << verify;
  EXPECT_EQ(verify.object().at("email").as_string(), "it@praxis-berg.example");
  EXPECT_EQ(verified(), std::vector<std::string>{"it@praxis-berg.example"});
  const Reply listed = world.as(world.a1_viewer).get(path + "?sort=email");
  ASSERT_EQ(listed.status, 200) << listed;
  EXPECT_EQ(listed.object().at("total").as_int64(), 2);
  EXPECT_EQ(listed.object().at("items").at(0).at("email").as_string(), world.b_admin.email);
  EXPECT_FALSE(listed.object().at("items").at(0).at("verified").as_bool());
  EXPECT_TRUE(listed.object().at("items").at(1).at("verified").as_bool());

  EXPECT_EQ(world.anonymous().get("/api/v1/recipients/verify?token=" + token).status, 404)
      << "the link works once";
  EXPECT_EQ(world.anonymous().get("/api/v1/recipients/verify?token=kwv_forged").status, 404);
  EXPECT_EQ(world.anonymous().get("/api/v1/recipients/verify").status, 400);

  world.database().sql("UPDATE recipients SET created_at = created_at - 8 * 86400");
  const Reply late = world.anonymous().get("/api/v1/recipients/verify?token=" +
                                           token_mailed_to(world.b_admin.email));
  EXPECT_EQ(late.status, 410) << late;
  EXPECT_EQ(late.error_code(), "verification_expired");
}

TEST_P(RecipientsApi, DuplicatesInAnyCaseAndInvalidAddressesAreRefused) {
  ASSERT_EQ(add(world.a1_admin, "it@praxis-berg.example").status, 201);
  const Reply duplicate = add(world.a1_admin, "IT@Praxis-Berg.EXAMPLE");
  EXPECT_EQ(duplicate.status, 409) << duplicate;
  EXPECT_EQ(duplicate.error_code(), "duplicate_recipient");
  for (const json::value& body :
       {json::value(json::object{{"email", "not-an-address"}}), json::value(json::object{}),
        json::value(json::object{{"email", 42}}), json::value(json::object{{"mail", "a@b.de"}})}) {
    const Reply reply = world.as(world.a1_admin).post(path, body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body) << ": " << reply;
  }
  EXPECT_EQ(recipient_count(), 1);
  EXPECT_EQ(mails_to("it@praxis-berg.example").size(), 1u);
}

TEST_P(RecipientsApi, RemovingARecipientAndWhoMayChangeThem) {
  const Reply added = add(world.a1_admin, "it@praxis-berg.example");
  const std::string one = path + "/" + std::to_string(added.object().at("id").as_int64());

  for (const Account* viewer : {&world.a_viewer, &world.a1_viewer}) {
    EXPECT_EQ(add(*viewer, "viewer@praxis-berg.example").status, 403) << viewer->email;
    EXPECT_EQ(world.as(*viewer).del(one).status, 403) << viewer->email;
  }
  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*other).get(path).status, 404) << other->email;
    EXPECT_EQ(add(*other, "other@example.org").status, 404) << other->email;
    EXPECT_EQ(world.as(*other).del(one).status, 404) << other->email;
  }
  // A recipient id of another license does not work through this one.
  const std::string a2_path = "/api/v1/licenses/" + std::to_string(world.a2_license.id) +
                              "/recipients/" + std::to_string(added.object().at("id").as_int64());
  EXPECT_EQ(world.as(world.a_admin).del(a2_path).status, 404);
  EXPECT_EQ(recipient_count(), 1);

  expire(world, world.a1_license.id);
  const Reply expired = world.as(world.a1_admin).del(one);
  EXPECT_EQ(expired.status, 409) << expired;
  EXPECT_EQ(expired.error_code(), "license_expired");
  EXPECT_EQ(add(world.a1_admin, "late@praxis-berg.example").error_code(), "license_expired");
  EXPECT_EQ(recipient_count(), 1);
  EXPECT_EQ(world.as(world.a1_viewer).get(path).status, 200) << "reading stays possible";

  world.database().sql("UPDATE licenses SET expires_at = 4102444799");
  EXPECT_EQ(world.as(world.a_technician).del(one).status, 204);
  EXPECT_EQ(world.as(world.a_technician).del(one).status, 404);
  EXPECT_EQ(recipient_count(), 0);
  EXPECT_EQ(world.database().sql_int(
                "SELECT COUNT(*) FROM action_log WHERE action = 'license.recipient_removed'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Engines, RecipientsApi, kEngines);

}  // namespace
}  // namespace keyward::test
