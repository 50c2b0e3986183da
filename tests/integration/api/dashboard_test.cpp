// The dashboard: counts per status, infected and outdated devices, expired and soon-expiring
// licenses, each within the caller's scope (SPEC.md §3 Dashboard).

#include <gtest/gtest.h>

#include "fleet.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class DashboardApi : public ::testing::TestWithParam<std::string> {
 protected:
  // Every activated client (3.2.34) is older than the current release: all are "obsolete".
  PortalWorld world{GetParam(), {{"current_client_version", "3.3.0"}}};

  json::object dashboard(const Account& account) {
    const Reply reply = world.as(account).get("/api/v1/dashboard");
    EXPECT_EQ(reply.status, 200) << reply;
    return reply.object();
  }

  static std::int64_t count(const json::object& dashboard, const std::string& key) {
    return dashboard.at("devices").at("per_status").at(key).as_int64();
  }

  static std::vector<std::string> hostnames(const json::value& list) {
    std::vector<std::string> names;
    for (const auto& item : list.at("items").as_array()) {
      names.emplace_back(item.at("hostname").as_string());
    }
    return names;
  }

  void set_expiry(const WorldLicense& license, std::int64_t from_now) {
    world.database().sql(
        "UPDATE licenses SET expires_at = " + std::to_string(std::time(nullptr) + from_now) +
        " WHERE id = " + std::to_string(license.id));
  }
};

TEST_P(DashboardApi, CountsAndListsCoverTheCallersScopeOnly) {
  const auto [pc1, token1] = world.activate_device(world.a1_license, "PC-01");
  const auto [pc2, token2] = world.activate_device(world.a1_license, "PC-02");
  const auto [pc3, token3] = world.activate_device(world.a1_license, "PC-03");
  world.activate_device(world.a2_license, "KASSE-1");
  const auto [b1_pc, b1_token] = world.activate_device(world.b1_license, "KANZLEI-PC");
  check_in(world, token1, {.hostname = "PC-01", .infections = 2});
  check_in(world, token2, {.hostname = "PC-02", .infections = 9});
  check_in(world, token3, {.hostname = "PC-03", .client_version = "3.3.0"});
  check_in(world, b1_token, {.hostname = "KANZLEI-PC", .infections = 1});
  const std::int64_t long_ago = std::time(nullptr) - 30 * 86400;
  world.database().sql("UPDATE devices SET last_contact_at = " + std::to_string(long_ago) +
                       ", last_contact_day = " + std::to_string(long_ago / 86400) +
                       " WHERE id = " + std::to_string(pc3));
  set_expiry(world.a2_license, -86400);
  set_expiry(world.a1_license, 10 * 86400);

  const json::object reseller = dashboard(world.a_admin);
  EXPECT_EQ(reseller.at("devices").at("total").as_int64(), 4);
  EXPECT_EQ(reseller.at("licenses").at("total").as_int64(), 2);
  EXPECT_EQ(count(reseller, "threatened"), 2);
  EXPECT_EQ(count(reseller, "obsolete"), 3);
  EXPECT_EQ(count(reseller, "unknown"), 1);
  EXPECT_EQ(count(reseller, "profile_missing"), 4);
  EXPECT_EQ(count(reseller, "deactivated"), 0);
  EXPECT_EQ(reseller.at("devices").at("per_status").as_object().size(), 12u);
  EXPECT_EQ(reseller.at("infected").at("total").as_int64(), 2);
  EXPECT_EQ(hostnames(reseller.at("infected")), (std::vector<std::string>{"PC-02", "PC-01"}))
      << "most infections first";
  EXPECT_EQ(reseller.at("outdated").at("total").as_int64(), 3);
  EXPECT_EQ(reseller.at("infected").at("items").at(0).at("worst_statuses").at(0).at("key"),
            json::value("threatened"));
  EXPECT_EQ(reseller.at("expired_licenses").at("total").as_int64(), 1);
  EXPECT_EQ(reseller.at("expired_licenses").at("items").at(0).at("id").as_int64(),
            world.a2_license.id);
  EXPECT_TRUE(reseller.at("expired_licenses").at("items").at(0).at("expired").as_bool());
  EXPECT_EQ(reseller.at("expiring_licenses").at("total").as_int64(), 1);
  EXPECT_EQ(reseller.at("expiring_licenses").at("items").at(0).at("id").as_int64(),
            world.a1_license.id);

  const json::object customer = dashboard(world.a1_viewer);
  EXPECT_EQ(customer.at("devices").at("total").as_int64(), 3);
  EXPECT_EQ(customer.at("licenses").at("total").as_int64(), 1);
  EXPECT_EQ(customer.at("expired_licenses").at("total").as_int64(), 0);
  EXPECT_EQ(customer.at("expiring_licenses").at("total").as_int64(), 1);

  const json::object sibling = dashboard(world.a2_admin);
  EXPECT_EQ(sibling.at("devices").at("total").as_int64(), 1);
  EXPECT_EQ(sibling.at("infected").at("total").as_int64(), 0);
  EXPECT_EQ(sibling.at("expired_licenses").at("total").as_int64(), 1);

  const json::object other = dashboard(world.b_admin);
  EXPECT_EQ(other.at("devices").at("total").as_int64(), 1);
  EXPECT_EQ(hostnames(other.at("infected")), std::vector<std::string>{"KANZLEI-PC"});
  EXPECT_EQ(other.at("expiring_licenses").at("total").as_int64(), 0);

  const json::object vendor = dashboard(world.op_admin);
  EXPECT_EQ(vendor.at("devices").at("total").as_int64(), 5);
  EXPECT_EQ(vendor.at("licenses").at("total").as_int64(), 3);
  EXPECT_EQ(count(vendor, "threatened"), 3);

  EXPECT_EQ(world.anonymous().get("/api/v1/dashboard").status, 401);
}

TEST_P(DashboardApi, ListsShowTheFirstTenAndCountAll) {
  for (int i = 0; i < 12; ++i) {
    const auto [id, token] = world.activate_device(world.b1_license, "HOST-" + std::to_string(i));
    check_in(world, token, {.hostname = "HOST-" + std::to_string(i), .infections = i + 1});
  }
  const json::object reseller = dashboard(world.b_admin);
  EXPECT_EQ(reseller.at("infected").at("total").as_int64(), 12);
  EXPECT_EQ(reseller.at("infected").at("items").as_array().size(), 10u);
  EXPECT_EQ(hostnames(reseller.at("infected")).front(), "HOST-11");
  EXPECT_EQ(reseller.at("outdated").at("items").as_array().size(), 10u);
  EXPECT_EQ(dashboard(world.a_admin).at("infected").at("total").as_int64(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DashboardApi, kEngines);

}  // namespace
}  // namespace keyward::test
