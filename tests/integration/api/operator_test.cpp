// The operator's routes over the portal API: only the operator company's admins reach them;
// issuing licenses, changing seats and expiry, publishing the client release and editing
// the OS end-of-life calendar — and the device status flags following the policy.

#include <gtest/gtest.h>

#include "api_test_support.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

// One end-of-life entry for the Windows 11 24H2 machines PortalWorld activates.
json::object calendar_ending(const std::string& end_of_support) {
  return {{"version", 7},
          {"note", "test calendar"},
          {"entries", json::array{{{"id", "windows-11-24h2"},
                                   {"name", "Windows 11 24H2"},
                                   {"family", "client"},
                                   {"product", "Windows 11"},
                                   {"release", "24H2"},
                                   {"builds", json::array{26100, 26100}},
                                   {"end_of_support", end_of_support}}}}};
}

class OperatorApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::string terms_path(const WorldLicense& license) const {
    return "/api/v1/operator/licenses/" + std::to_string(license.id);
  }
  std::string license_column(const WorldLicense& license, const std::string& column) {
    return world.database().sql("SELECT " + column +
                                " FROM licenses WHERE id = " + std::to_string(license.id));
  }
  std::string policy_value(const std::string& key) {
    return world.database().sql("SELECT COALESCE(MAX(value), '') FROM app_settings WHERE key = '" +
                                key + "'");
  }
};

TEST_P(OperatorApi, EverybodyButTheOperatorsAdminsIsRefused) {
  const json::object issue{{"customer_id", world.customer_a1}, {"seats", 5}, {"years", 1}};
  const std::int64_t licenses = count_rows(world, "licenses");
  const std::string seats = license_column(world.a1_license, "seats_total");
  for (const Account* account :
       {&world.a_admin, &world.a_technician, &world.a_viewer, &world.a1_admin, &world.a1_viewer,
        &world.a2_admin, &world.b_admin, &world.b1_admin}) {
    ApiClient client = world.as(*account);
    const std::vector<Reply> replies = {
        client.post("/api/v1/licenses", issue),
        client.patch(terms_path(world.a1_license), {{"seats_total", 20}}),
        client.get("/api/v1/operator/client-version"),
        client.put("/api/v1/operator/client-version", {{"version", "9.9.9"}}),
        client.get("/api/v1/operator/os-eol"),
        client.put("/api/v1/operator/os-eol", calendar_ending("2020-01-01"))};
    for (const Reply& reply : replies) {
      EXPECT_EQ(reply.status, 403) << account->email << ": " << reply;
      EXPECT_EQ(reply.error_code(), "forbidden") << account->email;
    }
  }
  EXPECT_EQ(count_rows(world, "licenses"), licenses);
  EXPECT_EQ(license_column(world.a1_license, "seats_total"), seats);
  EXPECT_EQ(policy_value("current_client_version"), "");
  EXPECT_EQ(policy_value("os_eol_calendar"), "");
  EXPECT_EQ(world.anonymous().get("/api/v1/operator/client-version").status, 401);
}

TEST_P(OperatorApi, TheOperatorIssuesLicensesAsTheCommandLineDoes) {
  const Reply issued = world.as(world.op_admin)
                           .post("/api/v1/licenses", {{"customer_id", world.customer_a2},
                                                      {"type", "purchase"},
                                                      {"seats", 3},
                                                      {"years", 2},
                                                      {"name", "Sommer Kasse"}});
  ASSERT_EQ(issued.status, 201) << issued;
  const json::object& license = issued.object();
  EXPECT_EQ(license.at("name").as_string(), "Sommer Kasse");
  EXPECT_EQ(license.at("customer_id").as_int64(), world.customer_a2);
  EXPECT_EQ(license.at("reseller_id").as_int64(), world.reseller_a);
  EXPECT_EQ(license.at("activations").at("used").as_int64(), 0);
  EXPECT_EQ(license.at("activations").at("total").as_int64(), 3);
  EXPECT_EQ(license.at("key").as_string().size(), 36u);
  EXPECT_FALSE(license.at("expired").as_bool());
  // The customer sees it with its main group, named after the customer.
  const Reply groups =
      world.as(world.a2_admin)
          .get("/api/v1/licenses/" + std::to_string(license.at("id").as_int64()) + "/groups");
  ASSERT_EQ(groups.status, 200) << groups;
  EXPECT_EQ(groups.object().at("items").at(0).at("id").as_int64(),
            license.at("main_group_id").as_int64());
  EXPECT_EQ(groups.object().at("items").at(0).at("name").as_string(), "Bäckerei Sommer");

  const Reply msp = world.as(world.op_admin)
                        .post("/api/v1/licenses",
                              {{"customer_id", world.customer_b1}, {"type", "msp"}, {"years", 1}});
  ASSERT_EQ(msp.status, 201) << msp;
  EXPECT_TRUE(msp.object().at("activations").at("total").is_null());
  EXPECT_EQ(msp.object().at("name").as_string(), "Kanzlei Weiss");

  const std::int64_t before = count_rows(world, "licenses");
  const auto expect_refused = [&](const json::object& body, int status, const std::string& text) {
    const Reply reply = world.as(world.op_admin).post("/api/v1/licenses", body);
    EXPECT_EQ(reply.status, status) << reply;
    EXPECT_NE(reply.raw.find(text), std::string::npos) << text << ": " << reply;
  };
  expect_refused({{"customer_id", world.customer_a1}, {"seats", 3}, {"years", 4}}, 400, "years:");
  expect_refused({{"customer_id", world.customer_a1}, {"seats", 0}, {"years", 1}}, 400, "seats:");
  expect_refused({{"customer_id", world.customer_a1}, {"years", 1}}, 400, "seats:");
  expect_refused(
      {{"customer_id", world.customer_a1}, {"seats", 3}, {"years", 1}, {"type", "trial"}}, 400,
      "type:");
  expect_refused({{"customer_id", world.reseller_a}, {"seats", 3}, {"years", 1}}, 400,
                 "is not a customer");
  expect_refused({{"seats", 3}, {"years", 1}}, 400, "customer_id: is required");
  expect_refused({{"customer_id", 987654}, {"seats", 3}, {"years", 1}}, 404, "not found");
  expect_refused({{"customer_id", world.customer_a1}, {"seats", 3}, {"years", 1}, {"key", "x"}},
                 400, "key: is not a known field");
  EXPECT_EQ(count_rows(world, "licenses"), before);
  EXPECT_EQ(count_rows(world, "action_log", "action = 'license.issued'"), 5);
}

TEST_P(OperatorApi, SeatsNeverGoBelowTheActivationsInUseAndExpiryCanEndOrReviveALicense) {
  world.activate_device(world.a2_license, "PC-1");
  world.activate_device(world.a2_license, "PC-2");
  ApiClient op = world.as(world.op_admin);

  const Reply below = op.patch(terms_path(world.a2_license), {{"seats_total", 1}});
  EXPECT_EQ(below.status, 409) << below;
  EXPECT_EQ(below.error_code(), "seats_below_used");
  EXPECT_EQ(license_column(world.a2_license, "seats_total"), "5");
  const Reply exact = op.patch(terms_path(world.a2_license), {{"seats_total", 2}});
  ASSERT_EQ(exact.status, 200) << exact;
  EXPECT_EQ(exact.object().at("activations").at("total").as_int64(), 2);
  EXPECT_EQ(exact.object().at("activations").at("used").as_int64(), 2);
  EXPECT_THROW(world.activate_device(world.a2_license, "PC-3"), std::runtime_error);

  const Reply ended = op.patch(terms_path(world.a2_license), {{"expires_at", "2020-01-31"}});
  ASSERT_EQ(ended.status, 200) << ended;
  EXPECT_EQ(ended.object().at("expires_at").as_string(), "2020-01-31T23:59:59Z");
  EXPECT_TRUE(ended.object().at("expired").as_bool());
  // Expired: read-only for everybody else.
  const Reply refused = world.as(world.a2_admin)
                            .post("/api/v1/groups", {{"parent_id", world.a2_license.main_group_id},
                                                     {"name", "Kasse"}});
  EXPECT_EQ(refused.error_code(), "license_expired") << refused;

  const Reply revived = op.patch(terms_path(world.a2_license),
                                 {{"expires_at", "2031-06-30T12:00:00Z"}, {"seats_total", 4}});
  ASSERT_EQ(revived.status, 200) << revived;
  EXPECT_FALSE(revived.object().at("expired").as_bool());
  EXPECT_EQ(revived.object().at("activations").at("total").as_int64(), 4);
  world.activate_device(world.a2_license, "PC-3");

  const Reply msp = op.patch(terms_path(world.b1_license), {{"seats_total", 10}});
  EXPECT_EQ(msp.status, 409) << msp;
  EXPECT_EQ(msp.error_code(), "license_unlimited");
  const std::vector<std::pair<json::object, std::string>> invalid = {
      {{{"seats_total", 0}}, "seats_total: must be between 1 and 100000"},
      {{{"seats_total", 100001}}, "seats_total: must be between 1 and 100000"},
      {{{"expires_at", "31.12.2030"}},
       "expires_at: must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"},
      {{{"expires_at", 2030}}, "expires_at: must be a string"},
      {{{"seats", 3}}, "seats: is not a known field"}};
  for (const auto& [body, message] : invalid) {
    const Reply reply = op.patch(terms_path(world.a1_license), body);
    EXPECT_EQ(reply.status, 400) << reply;
    EXPECT_EQ(reply.object().at("error").at("message").as_string(), message) << reply;
  }
  EXPECT_EQ(op.patch("/api/v1/operator/licenses/987654", {{"seats_total", 3}}).status, 404);
  EXPECT_EQ(license_column(world.a1_license, "seats_total"), "10");
  EXPECT_EQ(count_rows(world, "action_log", "action = 'license.terms_changed'"), 3);
}

TEST_P(OperatorApi, PublishingAClientVersionMakesOlderClientsObsolete) {
  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  EXPECT_FALSE(has_status(world, device, core::FilterKey::obsolete));
  ApiClient op = world.as(world.op_admin);
  const Reply current = op.get("/api/v1/operator/client-version");
  ASSERT_EQ(current.status, 200) << current;
  EXPECT_EQ(current.object().at("version").as_string(), "3.2.34");

  const Reply published = op.put("/api/v1/operator/client-version", {{"version", "3.3.0"}});
  ASSERT_EQ(published.status, 200) << published;
  EXPECT_EQ(published.object().at("version").as_string(), "3.3.0");
  EXPECT_EQ(published.object().at("status_refresh").as_string(), "started");
  EXPECT_TRUE(eventually([&] { return has_status(world, device, core::FilterKey::obsolete); }));
  EXPECT_EQ(op.get("/api/v1/operator/client-version").object().at("version").as_string(), "3.3.0");

  ASSERT_EQ(op.put("/api/v1/operator/client-version", {{"version", "3.2.34"}}).status, 200);
  EXPECT_TRUE(eventually([&] { return !has_status(world, device, core::FilterKey::obsolete); }));

  for (const json::object& body : {json::object{{"version", "3.x"}}, json::object{},
                                   json::object{{"version", "3.3"}, {"channel", "beta"}}}) {
    const Reply reply = op.put("/api/v1/operator/client-version", body);
    EXPECT_EQ(reply.status, 400) << reply;
  }
  const Reply bad = op.put("/api/v1/operator/client-version", {{"version", "3.x"}});
  EXPECT_TRUE(bad.object().at("error").at("message").as_string().starts_with("version:")) << bad;
  EXPECT_EQ(policy_value("current_client_version"), "3.2.34");
  EXPECT_EQ(count_rows(world, "action_log", "action = 'policy.changed'"), 2);
}

TEST_P(OperatorApi, TheEndOfLifeCalendarIsValidatedAndDecidesTheEolStatus) {
  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  ApiClient op = world.as(world.op_admin);
  const Reply shipped = op.get("/api/v1/operator/os-eol");
  ASSERT_EQ(shipped.status, 200) << shipped;
  EXPECT_GT(shipped.object().at("entries").as_array().size(), 10u);

  const Reply supported = op.put("/api/v1/operator/os-eol", calendar_ending("2035-10-09"));
  ASSERT_EQ(supported.status, 200) << supported;
  EXPECT_EQ(supported.object().at("version").as_int64(), 7);
  EXPECT_EQ(supported.object().at("entries").as_array().size(), 1u);
  EXPECT_EQ(supported.object().at("status_refresh").as_string(), "started");
  EXPECT_TRUE(eventually([&] { return !has_status(world, device, core::FilterKey::eol); }));
  const Reply read_back = op.get("/api/v1/operator/os-eol");
  EXPECT_EQ(read_back.object().at("entries").at(0).at("end_of_support").as_string(), "2035-10-09");

  ASSERT_EQ(op.put("/api/v1/operator/os-eol", calendar_ending("2021-10-12")).status, 200);
  EXPECT_TRUE(eventually([&] { return has_status(world, device, core::FilterKey::eol); }));

  json::object misspelt = calendar_ending("2030-01-01");
  misspelt["entries"].as_array()[0].as_object()["end_of_suport"] = "2030-01-01";
  const Reply unknown = op.put("/api/v1/operator/os-eol", misspelt);
  EXPECT_EQ(unknown.status, 400) << unknown;
  EXPECT_NE(unknown.raw.find("end_of_suport"), std::string::npos) << unknown;
  const Reply bad_date = op.put("/api/v1/operator/os-eol", calendar_ending("2030-02-30"));
  EXPECT_EQ(bad_date.status, 400) << bad_date;
  EXPECT_NE(bad_date.raw.find("end_of_support"), std::string::npos) << bad_date;
  EXPECT_EQ(op.request(http::Method::put, "/api/v1/operator/os-eol", "[]").status, 400);
  EXPECT_EQ(op.get("/api/v1/operator/os-eol").object().at("entries").at(0).at("end_of_support"),
            "2021-10-12");
  EXPECT_EQ(count_rows(world, "action_log", "action = 'policy.changed'"), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, OperatorApi, kEngines);

}  // namespace
}  // namespace keyward::test
