// Bulk actions on selected devices: each device on its own, refused ones reported, moves
// across licenses carry the activation along (SPEC.md §2 Device and Group).

#include <gtest/gtest.h>

#include "fleet.hpp"
#include "portal_world.hpp"
#include "store/group_store.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class BulkDevicesApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
  std::int64_t pc1 = world.activate_device(world.a1_license, "PC-01").first;
  std::int64_t pc2 = world.activate_device(world.a1_license, "PC-02").first;
  std::int64_t b1_pc = world.activate_device(world.b1_license, "KANZLEI-PC").first;

  Reply bulk(const Account& account, const json::object& body) {
    return world.as(account).post("/api/v1/devices/bulk", body);
  }

  Reply bulk(const Account& account, const std::string& action, const json::array& ids,
             std::optional<std::int64_t> group_id = std::nullopt) {
    json::object body{{"action", action}, {"device_ids", ids}};
    if (group_id) body["group_id"] = *group_id;
    return bulk(account, body);
  }

  // {device_id: error code or "ok"} of a bulk reply, in order.
  static std::vector<std::pair<std::int64_t, std::string>> outcomes(const Reply& reply) {
    std::vector<std::pair<std::int64_t, std::string>> result;
    for (const auto& item : reply.object().at("results").as_array()) {
      const bool ok = item.at("ok").as_bool();
      EXPECT_EQ(ok, !item.as_object().contains("error")) << item;
      result.emplace_back(item.at("device_id").as_int64(),
                          ok ? "ok" : std::string(item.at("error").at("code").as_string()));
    }
    return result;
  }

  std::int64_t subgroup(const WorldLicense& license, const std::string& name) {
    auto database = open_database(world);
    return store::GroupStore(*database->acquire())
        .create_subgroup(license.main_group_id, name, std::time(nullptr))
        .id;
  }

  std::int64_t device_count() { return world.database().sql_int("SELECT COUNT(*) FROM devices"); }
};

using Outcomes = std::vector<std::pair<std::int64_t, std::string>>;

TEST_P(BulkDevicesApi, DeactivateAndDeleteReportEachDeviceOnItsOwn) {
  const Reply deactivated = bulk(world.a_technician, "deactivate", {pc1, 999999, b1_pc});
  ASSERT_EQ(deactivated.status, 200) << deactivated;
  EXPECT_EQ(outcomes(deactivated),
            (Outcomes{{pc1, "ok"}, {999999, "not_found"}, {b1_pc, "not_found"}}))
      << "another reseller's device is reported exactly like a missing one";
  EXPECT_EQ(seats_used(world, world.a1_license.id), 1) << "deactivation frees the seat at once";
  EXPECT_EQ(device_column(world, pc1, "active"), "0");
  EXPECT_EQ(device_column(world, b1_pc, "active"), "1");

  const Reply deleted = bulk(world.a1_admin, "delete", {pc2, pc1});
  EXPECT_EQ(outcomes(deleted), (Outcomes{{pc2, "device_active"}, {pc1, "ok"}})) << deleted;
  EXPECT_EQ(device_count(), 2);
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/devices/" + std::to_string(pc1)).status, 404);

  const Reply again = bulk(world.a1_admin, "deactivate", {pc2, pc2 + 1000});
  EXPECT_EQ(outcomes(again), (Outcomes{{pc2, "ok"}, {pc2 + 1000, "not_found"}}));
  EXPECT_EQ(outcomes(bulk(world.a1_admin, "deactivate", {pc2})),
            (Outcomes{{pc2, "device_inactive"}}));
  EXPECT_EQ(outcomes(bulk(world.a1_admin, "activate", {pc2})), (Outcomes{{pc2, "ok"}}));
  EXPECT_EQ(seats_used(world, world.a1_license.id), 1);
}

TEST_P(BulkDevicesApi, MovingWithinTheLicenseOnlyChangesTheGroup) {
  const std::int64_t reception = subgroup(world.a1_license, "Empfang");
  const Reply moved = bulk(world.a1_admin, "move", {pc1, pc2}, reception);
  ASSERT_EQ(outcomes(moved), (Outcomes{{pc1, "ok"}, {pc2, "ok"}})) << moved;
  EXPECT_EQ(device_column(world, pc1, "group_id"), std::to_string(reception));
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
  const Reply listed =
      world.as(world.a1_admin).get("/api/v1/devices?group_id=" + std::to_string(reception));
  EXPECT_EQ(listed.object().at("total").as_int64(), 2) << listed;
  EXPECT_EQ(listed.object().at("items").at(0).at("group").at("name").as_string(), "Empfang");
}

TEST_P(BulkDevicesApi, MovingIntoAnotherLicensesGroupMovesTheActivation) {
  const Reply moved = bulk(world.a_admin, "move", {pc1}, world.a2_license.main_group_id);
  ASSERT_EQ(outcomes(moved), (Outcomes{{pc1, "ok"}})) << moved;
  EXPECT_EQ(seats_used(world, world.a1_license.id), 1);
  EXPECT_EQ(seats_used(world, world.a2_license.id), 1);
  EXPECT_EQ(device_column(world, pc1, "license_id"), std::to_string(world.a2_license.id));
  EXPECT_EQ(device_column(world, pc1, "customer_id"), std::to_string(world.customer_a2));
  // The device now belongs to the other customer, with all that follows for tenancy.
  const std::string path = "/api/v1/devices/" + std::to_string(pc1);
  EXPECT_EQ(world.as(world.a1_admin).get(path).status, 404);
  EXPECT_EQ(world.as(world.a2_admin).get(path).status, 200);
  EXPECT_GE(world.database().sql_int("SELECT COUNT(*) FROM action_log WHERE action = "
                                     "'device.moved' AND license_id = " +
                                     std::to_string(world.a2_license.id)),
            1);

  // A full license takes no more: the refused device stays where it was.
  world.database().sql("UPDATE licenses SET seats_total = 1 WHERE id = " +
                       std::to_string(world.a2_license.id));
  const Reply full = bulk(world.a_admin, "move", {pc2}, world.a2_license.main_group_id);
  EXPECT_EQ(outcomes(full), (Outcomes{{pc2, "no_free_activations"}})) << full;
  EXPECT_EQ(device_column(world, pc2, "license_id"), std::to_string(world.a1_license.id));
  EXPECT_EQ(seats_used(world, world.a1_license.id), 1);

  // A deactivated device holds no activation, so it moves without one.
  ASSERT_EQ(outcomes(bulk(world.a_admin, "deactivate", {pc2})), (Outcomes{{pc2, "ok"}}));
  EXPECT_EQ(outcomes(bulk(world.a_admin, "move", {pc2}, world.a2_license.main_group_id)),
            (Outcomes{{pc2, "ok"}}));
  EXPECT_EQ(seats_used(world, world.a1_license.id), 0);
  EXPECT_EQ(seats_used(world, world.a2_license.id), 1);
}

TEST_P(BulkDevicesApi, AGroupTheCallerCanNotSeeIsNotFoundAndChangesNothing) {
  // A customer user can not move a device into a sibling customer's license.
  const Reply sibling = bulk(world.a1_admin, "move", {pc1}, world.a2_license.main_group_id);
  EXPECT_EQ(sibling.status, 404) << sibling;
  const Reply foreign = bulk(world.b_admin, "move", {b1_pc}, world.a1_license.main_group_id);
  EXPECT_EQ(foreign.status, 404) << foreign;
  const Reply steal = bulk(world.b_admin, "move", {pc1}, world.b1_license.main_group_id);
  EXPECT_EQ(outcomes(steal), (Outcomes{{pc1, "not_found"}})) << steal;
  EXPECT_EQ(device_column(world, pc1, "license_id"), std::to_string(world.a1_license.id));
  EXPECT_EQ(device_column(world, b1_pc, "license_id"), std::to_string(world.b1_license.id));
}

TEST_P(BulkDevicesApi, ViewersAndOtherTenantsChangeNothing) {
  for (const Account* viewer : {&world.a_viewer, &world.a1_viewer}) {
    for (const std::string action : {"deactivate", "delete", "activate"}) {
      const Reply reply = bulk(*viewer, action, {pc1});
      EXPECT_EQ(reply.status, 403) << viewer->email << " " << action << ": " << reply;
    }
    EXPECT_EQ(bulk(*viewer, "move", {pc1}, world.a1_license.main_group_id).status, 403);
  }
  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    const Reply reply = bulk(*other, "deactivate", {pc1, pc2});
    EXPECT_EQ(outcomes(reply), (Outcomes{{pc1, "not_found"}, {pc2, "not_found"}})) << reply;
  }
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
  EXPECT_EQ(device_column(world, pc1, "active"), "1");
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM device_commands"), 0);
}

TEST_P(BulkDevicesApi, DevicesOfAnExpiredLicenseRefuseEveryAction) {
  expire(world, world.a1_license.id);
  for (const std::string action : {"deactivate", "delete", "activate"}) {
    EXPECT_EQ(outcomes(bulk(world.a1_admin, action, {pc1})), (Outcomes{{pc1, "license_expired"}}))
        << action;
  }
  EXPECT_EQ(outcomes(bulk(world.a1_admin, "move", {pc1}, world.a1_license.main_group_id)),
            (Outcomes{{pc1, "license_expired"}}));
  // Nor can devices move into an expired license.
  world.database().sql("UPDATE licenses SET expires_at = 4102444799 WHERE id = " +
                       std::to_string(world.a1_license.id));
  expire(world, world.a2_license.id);
  EXPECT_EQ(outcomes(bulk(world.a_admin, "move", {pc1}, world.a2_license.main_group_id)),
            (Outcomes{{pc1, "license_expired"}}));
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
  EXPECT_EQ(device_column(world, pc1, "license_id"), std::to_string(world.a1_license.id));
}

TEST_P(BulkDevicesApi, InvalidRequestsAreA400NamingTheField) {
  json::array thousand_and_one;
  for (int i = 1; i <= 1001; ++i) thousand_and_one.push_back(i);
  const auto message = [&](const json::object& body) {
    const Reply reply = bulk(world.a1_admin, body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body).substr(0, 80) << ": " << reply;
    return reply.status == 400 ? std::string(reply.object().at("error").at("message").as_string())
                               : std::string();
  };
  EXPECT_EQ(message({{"action", "wipe"}, {"device_ids", {pc1}}}),
            "action: must be move, activate, deactivate or delete");
  EXPECT_EQ(message({{"device_ids", {pc1}}}), "action: is required");
  EXPECT_EQ(message({{"action", "delete"}}), "device_ids: is required");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", json::array{}}}),
            "device_ids: must name 1 to 1000 devices");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", thousand_and_one}}),
            "device_ids: must name 1 to 1000 devices");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", {pc1, pc1}}}),
            "device_ids: names device " + std::to_string(pc1) + " twice");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", {pc1, "2"}}}),
            "device_ids[1]: must be a whole number");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", {0}}}),
            "device_ids[0]: must be between 1 and 9223372036854775807");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", 5}}),
            "device_ids: must be an array of device ids");
  EXPECT_EQ(message({{"action", "move"}, {"device_ids", {pc1}}}),
            "group_id: is required to move devices");
  EXPECT_EQ(message({{"action", "delete"}, {"device_ids", {pc1}}, {"group_id", 1}}),
            "group_id: is only for move");
  EXPECT_EQ(device_count(), 3);

  json::array thousand;
  for (int i = 1; i <= 1000; ++i) thousand.push_back(pc2 + 10000 + i);
  const Reply large = bulk(world.a1_admin, "delete", thousand);
  ASSERT_EQ(large.status, 200) << large.raw.substr(0, 200);
  EXPECT_EQ(large.object().at("results").as_array().size(), 1000u);
}

INSTANTIATE_TEST_SUITE_P(Engines, BulkDevicesApi, kEngines);

}  // namespace
}  // namespace keyward::test
