// Stale-device cleanup over the portal API on both engines: the preview of a license's or a
// company's devices silent for N days, their deactivation (seats freed, each device logged,
// each refused one reported), roles and tenancy, and a company's automatic rule applied by
// the maintenance pass of a server.

#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "fleet.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string at(const std::string& prefix, std::int64_t id, const std::string& suffix = "") {
  return prefix + std::to_string(id) + suffix;
}

class StaleDevicesApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
  std::int64_t pc1 = world.activate_device(world.a1_license, "PC-01").first;
  std::int64_t pc2 = world.activate_device(world.a1_license, "PC-02").first;
  std::int64_t pc3 = world.activate_device(world.a1_license, "PC-03").first;
  std::int64_t shop = world.activate_device(world.a2_license, "KASSE-01").first;
  std::int64_t b1_pc = world.activate_device(world.b1_license, "KANZLEI-PC").first;

  void SetUp() override {
    silence(world, pc1, 40);
    silence(world, pc2, 10);
    silence(world, shop, 40);
    silence(world, b1_pc, 40);
    // Deactivated devices hold no seat: never stale, however long silent.
    ASSERT_EQ(world.as(world.a1_admin)
                  .post("/api/v1/devices/bulk",
                        json::object{{"action", "deactivate"}, {"device_ids", {pc3}}})
                  .status,
              200);
    silence(world, pc3, 40);
  }

  static std::vector<std::int64_t> ids(const Reply& reply) {
    std::vector<std::int64_t> result;
    for (const auto& item : reply.object().at("items").as_array()) {
      result.push_back(item.at("id").as_int64());
    }
    return result;
  }

  // {device_id: "ok" or error code} of a deactivation reply.
  static std::vector<std::pair<std::int64_t, std::string>> outcomes(const Reply& reply) {
    std::vector<std::pair<std::int64_t, std::string>> result;
    for (const auto& item : reply.object().at("results").as_array()) {
      result.emplace_back(
          item.at("device_id").as_int64(),
          item.at("ok").as_bool() ? "ok" : std::string(item.at("error").at("code").as_string()));
    }
    return result;
  }

  std::string deactivation_actor(std::int64_t device_id) {
    return world.database().sql(
        "SELECT COALESCE(MAX(actor), '-') FROM action_log WHERE action = 'device.deactivate' "
        "AND device_id = " +
        std::to_string(device_id));
  }
};

using Outcomes = std::vector<std::pair<std::int64_t, std::string>>;

TEST_P(StaleDevicesApi, PreviewListsActiveDevicesSilentForMoreThanTheDaysLongestSilentFirst) {
  ApiClient technician = world.as(world.a_technician);
  const Reply month =
      technician.get(at("/api/v1/licenses/", world.a1_license.id, "/stale-devices?days=30"));
  ASSERT_EQ(month.status, 200) << month;
  EXPECT_EQ(ids(month), (std::vector<std::int64_t>{pc1}));
  EXPECT_EQ(month.object().at("total").as_int64(), 1);
  EXPECT_EQ(month.object().at("items").as_array()[0].at("hostname").as_string(), "PC-01");

  const Reply week =
      technician.get(at("/api/v1/licenses/", world.a1_license.id, "/stale-devices?days=7"));
  EXPECT_EQ(ids(week), (std::vector<std::int64_t>{pc1, pc2})) << week;
  const Reply by_name = technician.get(
      at("/api/v1/licenses/", world.a1_license.id, "/stale-devices?days=7&sort=-hostname"));
  EXPECT_EQ(ids(by_name), (std::vector<std::int64_t>{pc2, pc1})) << by_name;
  const Reply paged = technician.get(
      at("/api/v1/licenses/", world.a1_license.id, "/stale-devices?days=7&per_page=10&page=2"));
  EXPECT_TRUE(ids(paged).empty());
  EXPECT_EQ(paged.object().at("total").as_int64(), 2);

  // A reseller's company: every customer's devices; a customer's: its own.
  EXPECT_EQ(ids(technician.get(at("/api/v1/companies/", world.reseller_a,
                                  "/stale-devices?days=30&sort=hostname"))),
            (std::vector<std::int64_t>{shop, pc1}));
  EXPECT_EQ(ids(world.as(world.a2_admin)
                    .get(at("/api/v1/companies/", world.customer_a2, "/stale-devices?days=30"))),
            (std::vector<std::int64_t>{shop}));
  EXPECT_EQ(ids(world.as(world.op_admin)
                    .get(at("/api/v1/companies/", world.reseller_b, "/stale-devices?days=30"))),
            (std::vector<std::int64_t>{b1_pc}));
}

TEST_P(StaleDevicesApi, DeactivationFreesTheSeatsAndLogsEachDevice) {
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
  const Reply done =
      world.as(world.a_technician)
          .post(at("/api/v1/licenses/", world.a1_license.id, "/stale-devices/deactivate"),
                json::object{{"days", 7}});
  ASSERT_EQ(done.status, 200) << done;
  EXPECT_EQ(outcomes(done), (Outcomes{{pc1, "ok"}, {pc2, "ok"}}));
  EXPECT_EQ(done.object().at("remaining").as_int64(), 0);
  EXPECT_EQ(seats_used(world, world.a1_license.id), 0);
  EXPECT_EQ(device_column(world, pc1, "active"), "0");
  EXPECT_EQ(device_column(world, shop, "active"), "1") << "another license is not touched";
  EXPECT_EQ(deactivation_actor(pc1), "tom");
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM device_commands WHERE type = "
                                     "'deactivate' AND device_id = " +
                                     std::to_string(pc2)),
            1);
}

TEST_P(StaleDevicesApi, NamedDevicesAreDeactivatedOnlyWhenStaleAndWithinTheTarget) {
  const Reply done =
      world.as(world.a_admin)
          .post(at("/api/v1/companies/", world.customer_a1, "/stale-devices/deactivate"),
                json::object{{"days", 30}, {"device_ids", {pc2, pc1, pc3, shop, b1_pc, 999999}}});
  ASSERT_EQ(done.status, 200) << done;
  EXPECT_EQ(outcomes(done), (Outcomes{{pc2, "device_not_stale"},
                                      {pc1, "ok"},
                                      {pc3, "device_inactive"},
                                      {shop, "not_found"},
                                      {b1_pc, "not_found"},
                                      {999999, "not_found"}}))
      << "a sibling's and another reseller's device are reported like a missing one";
  EXPECT_EQ(device_column(world, pc2, "active"), "1");
  EXPECT_EQ(device_column(world, shop, "active"), "1");
  EXPECT_EQ(device_column(world, b1_pc, "active"), "1");
  EXPECT_EQ(seats_used(world, world.a1_license.id), 1);
}

TEST_P(StaleDevicesApi, ViewersAndOtherTenantsChangeNothing) {
  const std::string license = at("/api/v1/licenses/", world.a1_license.id, "/stale-devices");
  const std::string company = at("/api/v1/companies/", world.reseller_a, "/stale-devices");
  EXPECT_EQ(world.as(world.a_viewer).get(license + "?days=30").status, 200);
  EXPECT_EQ(
      world.as(world.a_viewer).post(license + "/deactivate", json::object{{"days", 30}}).status,
      403);
  EXPECT_EQ(
      world.as(world.a1_viewer).post(company + "/deactivate", json::object{{"days", 30}}).status,
      403);
  for (const Account* outsider : {&world.b_admin, &world.a2_admin, &world.b1_admin}) {
    EXPECT_EQ(world.as(*outsider).get(license + "?days=30").status, 404) << outsider->email;
    EXPECT_EQ(world.as(*outsider).post(license + "/deactivate", json::object{{"days", 30}}).status,
              404);
  }
  for (const Account* outsider : {&world.b_admin, &world.a1_admin}) {
    EXPECT_EQ(world.as(*outsider).get(company + "?days=30").status, 404) << outsider->email;
    EXPECT_EQ(world.as(*outsider).post(company + "/deactivate", json::object{{"days", 30}}).status,
              404);
  }
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
  EXPECT_EQ(device_column(world, pc1, "active"), "1");
}

TEST_P(StaleDevicesApi, DaysAndBodiesAreValidated) {
  ApiClient admin = world.as(world.a_admin);
  const std::string preview = at("/api/v1/licenses/", world.a1_license.id, "/stale-devices");
  for (const std::string query : {"", "?days=0", "?days=3651", "?days=abc", "?days=7&per_page=7"}) {
    const Reply reply = admin.get(preview + query);
    EXPECT_EQ(reply.status, 400) << query << ": " << reply;
    EXPECT_EQ(reply.error_code(), "invalid_request") << query;
  }
  EXPECT_NE(admin.get(preview).raw.find("days: is required"), std::string::npos);
  for (const json::object& body :
       {json::object{}, json::object{{"days", 0}}, json::object{{"days", "7"}},
        json::object{{"days", 7}, {"device_ids", json::array{}}},
        json::object{{"days", 7}, {"everything", true}}}) {
    const Reply reply = admin.post(preview + "/deactivate", body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body) << ": " << reply;
  }
  EXPECT_EQ(admin.get(at("/api/v1/companies/", world.reseller_a, "/stale-rule/x")).status, 404);
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
}

TEST_P(StaleDevicesApi, AnExpiredLicenseHasNoStaleDevicesAndRefusesTheDeactivation) {
  expire(world, world.a1_license.id);
  ApiClient admin = world.as(world.a_admin);
  const std::string path = at("/api/v1/licenses/", world.a1_license.id, "/stale-devices");
  EXPECT_TRUE(ids(admin.get(path + "?days=7")).empty());
  const Reply refused = admin.post(path + "/deactivate", json::object{{"days", 7}});
  EXPECT_EQ(refused.status, 409) << refused;
  EXPECT_EQ(refused.error_code(), "license_expired");
  EXPECT_EQ(device_column(world, pc1, "active"), "1");
}

TEST_P(StaleDevicesApi, ACompanysRuleIsLoggedAndAppliedByTheMaintenancePass) {
  const std::string rule = at("/api/v1/companies/", world.reseller_a, "/stale-rule");
  const Reply initial = world.as(world.a_viewer).get(rule);
  ASSERT_EQ(initial.status, 200) << initial;
  EXPECT_EQ(json::serialize(initial.body), R"({"enabled":false,"days":90})");
  const json::object enabled{{"enabled", true}, {"days", 30}};
  EXPECT_EQ(world.as(world.a_viewer).put(rule, enabled).status, 403);
  EXPECT_EQ(world.as(world.b_admin).put(rule, enabled).status, 404);
  EXPECT_EQ(world.as(world.b_admin).get(rule).status, 404);
  EXPECT_EQ(world.as(world.a1_admin).get(rule).status, 404)
      << "a customer can not see its reseller";
  EXPECT_EQ(world.as(world.a_admin).put(rule, json::object{{"enabled", true}, {"days", 0}}).status,
            400);
  const Reply saved = world.as(world.a_technician).put(rule, enabled);
  ASSERT_EQ(saved.status, 200) << saved;
  EXPECT_EQ(json::serialize(world.as(world.a_admin).get(rule).body),
            R"({"enabled":true,"days":30})");
  EXPECT_EQ(world.database().sql("SELECT actor || ' ' || details FROM action_log WHERE action = "
                                 "'company.stale_rule_changed' AND company_id = " +
                                 std::to_string(world.reseller_a)),
            R"(tom {"enabled":true,"days":30})");
  // Reseller B's device is as silent, but B has no rule.
  ASSERT_EQ(world.as(world.b_admin)
                .put(at("/api/v1/companies/", world.reseller_b, "/stale-rule"),
                     json::object{{"enabled", false}, {"days", 1}})
                .status,
            200);

  // A server's maintenance applies the rules when it starts (and every hour).
  KeywardServer second(world.url(),
                       {"--access-log", "false", "--data-dir", world.data_dir().string()});
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (device_column(world, shop, "active") != "0" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(device_column(world, pc1, "active"), "0");
  EXPECT_EQ(device_column(world, shop, "active"), "0");
  EXPECT_EQ(device_column(world, pc2, "active"), "1") << "silent for 10 days only";
  EXPECT_EQ(device_column(world, b1_pc, "active"), "1") << "another reseller's rule is off";
  EXPECT_EQ(deactivation_actor(pc1), "Stale-device rule");
  EXPECT_EQ(seats_used(world, world.a1_license.id), 1);
  EXPECT_EQ(seats_used(world, world.a2_license.id), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, StaleDevicesApi, kEngines);

}  // namespace
}  // namespace keyward::test
