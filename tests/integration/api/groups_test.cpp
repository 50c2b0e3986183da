// Device groups over the portal API: the tree with device counts, create / rename / move /
// delete with their conflicts, profile assignment with its ownership rules and status
// flags, and the tenant matrix for every route.

#include <gtest/gtest.h>

#include "api_test_support.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class GroupsApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::string group_path(std::int64_t id) const { return "/api/v1/groups/" + std::to_string(id); }
  std::string tree_path(const WorldLicense& license) const {
    return "/api/v1/licenses/" + std::to_string(license.id) + "/groups";
  }

  std::int64_t create_group(const Account& account, std::int64_t parent_id,
                            const std::string& name) {
    const Reply reply =
        world.as(account).post("/api/v1/groups", {{"parent_id", parent_id}, {"name", name}});
    EXPECT_EQ(reply.status, 201) << reply;
    return reply.status == 201 ? reply.object().at("id").as_int64() : 0;
  }

  void put_device_in(std::int64_t device_id, std::int64_t group_id) {
    world.database().sql("UPDATE devices SET group_id = " + std::to_string(group_id) +
                         " WHERE id = " + std::to_string(device_id));
  }

  std::string group_name(std::int64_t id) {
    return world.database().sql("SELECT name FROM device_groups WHERE id = " + std::to_string(id));
  }
  std::int64_t parent_of(std::int64_t id) {
    return world.database().sql_int("SELECT parent_id FROM device_groups WHERE id = " +
                                    std::to_string(id));
  }
  std::int64_t groups_of(const WorldLicense& license) {
    return count_rows(world, "device_groups", "license_id = " + std::to_string(license.id));
  }

  std::int64_t create_profile(const Account& account, const std::string& name) {
    const Reply reply = world.as(account).post("/api/v1/profiles", {{"name", name}});
    EXPECT_EQ(reply.status, 201) << reply;
    return reply.status == 201 ? reply.object().at("id").as_int64() : 0;
  }
};

TEST_P(GroupsApi, TheTreeListsGroupsInPreorderWithDepthsAndDeviceCounts) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t zeta = create_group(world.a_technician, main, "Zeta");
  const std::int64_t alpha = create_group(world.a1_admin, main, "alpha");
  const std::int64_t lab = create_group(world.a1_admin, alpha, "Lab");
  const auto [pc1, token1] = world.activate_device(world.a1_license, "PC-1");
  const auto [pc2, token2] = world.activate_device(world.a1_license, "PC-2");
  const auto [pc3, token3] = world.activate_device(world.a1_license, "PC-3");
  put_device_in(pc2, lab);
  put_device_in(pc3, alpha);

  const Reply reply = world.as(world.a1_viewer).get(tree_path(world.a1_license));
  ASSERT_EQ(reply.status, 200) << reply;
  const json::array& items = reply.object().at("items").as_array();
  ASSERT_EQ(items.size(), 4u) << reply;
  const auto expect_row = [&](std::size_t i, std::int64_t id, std::int64_t depth,
                              std::int64_t direct, std::int64_t total) {
    const json::object& item = items[i].as_object();
    EXPECT_EQ(item.at("id").as_int64(), id) << i;
    EXPECT_EQ(item.at("depth").as_int64(), depth) << i;
    EXPECT_EQ(item.at("devices").at("direct").as_int64(), direct) << i;
    EXPECT_EQ(item.at("devices").at("total").as_int64(), total) << i;
    EXPECT_TRUE(item.at("profile").is_null()) << i;
  };
  expect_row(0, main, 0, 1, 3);
  expect_row(1, alpha, 1, 1, 2);
  expect_row(2, lab, 2, 1, 1);
  expect_row(3, zeta, 1, 0, 0);
  EXPECT_TRUE(items[0].at("main").as_bool());
  EXPECT_TRUE(items[0].at("parent_id").is_null());
  EXPECT_EQ(items[2].at("parent_id").as_int64(), alpha);
  EXPECT_EQ(items[2].at("name").as_string(), "Lab");
  EXPECT_EQ(reply.object().at("license_id").as_int64(), world.a1_license.id);

  const Reply one = world.as(world.a_viewer).get(group_path(alpha));
  ASSERT_EQ(one.status, 200) << one;
  EXPECT_EQ(one.object().at("devices").at("total").as_int64(), 2);
  EXPECT_EQ(one.object().at("license_id").as_int64(), world.a1_license.id);
  EXPECT_FALSE(one.object().at("main").as_bool());

  for (const Account* stranger : {&world.b_admin, &world.a2_admin, &world.b1_admin}) {
    const Reply tree = world.as(*stranger).get(tree_path(world.a1_license));
    EXPECT_EQ(tree.status, 404) << stranger->email << ": " << tree;
    EXPECT_EQ(tree.error_code(), "not_found");
    EXPECT_EQ(world.as(*stranger).get(group_path(alpha)).status, 404) << stranger->email;
  }
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/licenses/abc/groups").status, 404);
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/groups/999999").status, 404);
  EXPECT_EQ(world.anonymous().get(tree_path(world.a1_license)).status, 401);
}

TEST_P(GroupsApi, CreatingNeedsAUniqueNameAmongSiblingsAndChangeRights) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t office = create_group(world.a1_admin, main, "Office");
  // The same name below another parent is fine.
  create_group(world.a1_admin, office, "office");
  const std::int64_t before = groups_of(world.a1_license);

  const Reply duplicate =
      world.as(world.a1_admin).post("/api/v1/groups", {{"parent_id", main}, {"name", "OFFICE"}});
  EXPECT_EQ(duplicate.status, 409) << duplicate;
  EXPECT_EQ(duplicate.error_code(), "group_exists");

  const auto expect_400 = [&](const json::object& body, const std::string& message) {
    const Reply reply = world.as(world.a1_admin).post("/api/v1/groups", body);
    EXPECT_EQ(reply.status, 400) << reply;
    EXPECT_EQ(reply.error_code(), "invalid_request");
    EXPECT_EQ(reply.object().at("error").at("message").as_string(), message) << reply;
  };
  expect_400({{"parent_id", main}}, "name: is required");
  expect_400({{"parent_id", main}, {"name", "   "}}, "name: must not be empty");
  expect_400({{"parent_id", main}, {"name", std::string(101, 'x')}},
             "name: must have at most 100 characters");
  expect_400({{"name", "Lab"}}, "parent_id: is required");
  expect_400({{"parent_id", "one"}, {"name", "Lab"}}, "parent_id: must be a whole number");
  expect_400({{"parent_id", main}, {"name", "Lab"}, {"color", "red"}},
             "color: is not a known field");

  const Reply viewer =
      world.as(world.a1_viewer).post("/api/v1/groups", {{"parent_id", main}, {"name", "Lab"}});
  EXPECT_EQ(viewer.status, 403) << viewer;
  EXPECT_EQ(viewer.error_code(), "forbidden");
  EXPECT_EQ(world.as(world.a_viewer)
                .post("/api/v1/groups", {{"parent_id", main}, {"name", "Lab"}})
                .status,
            403);
  for (const Account* stranger : {&world.b_admin, &world.a2_admin}) {
    const Reply reply =
        world.as(*stranger).post("/api/v1/groups", {{"parent_id", main}, {"name", "Lab"}});
    EXPECT_EQ(reply.status, 404) << stranger->email << ": " << reply;
  }
  EXPECT_EQ(groups_of(world.a1_license), before);
}

TEST_P(GroupsApi, RenamingWorksForEveryGroupButKeepsSiblingNamesUnique) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t lab = create_group(world.a1_admin, main, "Lab");
  create_group(world.a1_admin, main, "Office");

  const Reply renamed = world.as(world.a1_admin).patch(group_path(main), {{"name", "Praxis"}});
  ASSERT_EQ(renamed.status, 200) << renamed;
  EXPECT_EQ(renamed.object().at("name").as_string(), "Praxis");
  EXPECT_EQ(group_name(main), "Praxis");

  const Reply taken = world.as(world.a1_admin).patch(group_path(lab), {{"name", "office"}});
  EXPECT_EQ(taken.status, 409) << taken;
  EXPECT_EQ(taken.error_code(), "group_exists");
  const Reply empty = world.as(world.a1_admin).patch(group_path(lab), {{"name", ""}});
  EXPECT_EQ(empty.status, 400) << empty;
  EXPECT_EQ(world.as(world.a1_admin).patch(group_path(lab), {{"parent", main}}).status, 400);

  EXPECT_EQ(world.as(world.a1_viewer).patch(group_path(lab), {{"name", "X"}}).status, 403);
  EXPECT_EQ(world.as(world.b_admin).patch(group_path(lab), {{"name", "X"}}).status, 404);
  EXPECT_EQ(world.as(world.a2_admin).patch(group_path(lab), {{"name", "X"}}).status, 404);
  EXPECT_EQ(group_name(lab), "Lab");

  EXPECT_EQ(count_rows(world, "action_log", "action = 'group.changed'"), 1);
}

TEST_P(GroupsApi, MovesStayInTheLicenseTreeAndNeverMakeACycle) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t a = create_group(world.a1_admin, main, "A");
  const std::int64_t b = create_group(world.a1_admin, main, "B");
  const std::int64_t c = create_group(world.a1_admin, a, "C");
  create_group(world.a1_admin, b, "A");

  const auto move = [&](const Account& account, std::int64_t group, std::int64_t parent) {
    return world.as(account).patch(group_path(group), {{"parent_id", parent}});
  };
  for (const auto& [group, parent] :
       std::vector<std::pair<std::int64_t, std::int64_t>>{{a, c}, {a, a}}) {
    const Reply cycle = move(world.a1_admin, group, parent);
    EXPECT_EQ(cycle.status, 409) << cycle;
    EXPECT_EQ(cycle.error_code(), "group_cycle");
  }
  const Reply main_moved = move(world.a1_admin, main, a);
  EXPECT_EQ(main_moved.status, 409) << main_moved;
  EXPECT_EQ(main_moved.error_code(), "main_group");
  // The reseller sees both licenses, but a group stays in its own license's tree.
  const Reply other_license = move(world.a_admin, a, world.a2_license.main_group_id);
  EXPECT_EQ(other_license.status, 409) << other_license;
  EXPECT_EQ(other_license.error_code(), "other_license");
  // The customer does not even see the other license's group.
  EXPECT_EQ(move(world.a1_admin, a, world.a2_license.main_group_id).status, 404);
  const Reply same_name = move(world.a1_admin, a, b);
  EXPECT_EQ(same_name.status, 409) << same_name;
  EXPECT_EQ(same_name.error_code(), "group_exists");
  EXPECT_EQ(parent_of(a), main);

  EXPECT_EQ(move(world.a1_viewer, c, b).status, 403);
  EXPECT_EQ(move(world.b_admin, c, b).status, 404);
  EXPECT_EQ(move(world.a2_admin, c, b).status, 404);
  EXPECT_EQ(parent_of(c), a);

  const Reply moved = move(world.a_technician, c, b);
  ASSERT_EQ(moved.status, 200) << moved;
  EXPECT_EQ(moved.object().at("parent_id").as_int64(), b);
  EXPECT_EQ(moved.object().at("depth").as_int64(), 2);
  EXPECT_EQ(parent_of(c), b);
  // Moving the subtree's root moves the subtree.
  const std::int64_t d = create_group(world.a1_admin, c, "D");
  ASSERT_EQ(move(world.a1_admin, b, a).status, 200);
  const Reply deep = world.as(world.a1_admin).get(group_path(d));
  EXPECT_EQ(deep.object().at("depth").as_int64(), 4) << deep;
}

TEST_P(GroupsApi, OnlyEmptyGroupsCanBeDeletedAndTheMainGroupNever) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t with_device = create_group(world.a1_admin, main, "Devices");
  const std::int64_t parent = create_group(world.a1_admin, main, "Parent");
  const std::int64_t child = create_group(world.a1_admin, parent, "Child");
  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  put_device_in(device, with_device);

  for (const std::int64_t group : {with_device, parent}) {
    const Reply refused = world.as(world.a1_admin).del(group_path(group));
    EXPECT_EQ(refused.status, 409) << refused;
    EXPECT_EQ(refused.error_code(), "group_not_empty");
  }
  const Reply main_refused = world.as(world.a_admin).del(group_path(main));
  EXPECT_EQ(main_refused.status, 409) << main_refused;
  EXPECT_EQ(main_refused.error_code(), "main_group");

  EXPECT_EQ(world.as(world.a1_viewer).del(group_path(child)).status, 403);
  EXPECT_EQ(world.as(world.b_admin).del(group_path(child)).status, 404);
  EXPECT_EQ(world.as(world.a2_admin).del(group_path(child)).status, 404);
  EXPECT_EQ(groups_of(world.a1_license), 4);

  const Reply deleted = world.as(world.a1_admin).del(group_path(child));
  EXPECT_EQ(deleted.status, 204) << deleted;
  EXPECT_EQ(world.as(world.a1_admin).get(group_path(child)).status, 404);
  EXPECT_EQ(world.as(world.a1_admin).del(group_path(parent)).status, 204);
  EXPECT_EQ(groups_of(world.a1_license), 2);
  EXPECT_EQ(count_rows(world, "action_log", "action = 'group.deleted'"), 2);
}

TEST_P(GroupsApi, AnExpiredLicenseRefusesEveryGroupChangeButStaysReadable) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t lab = create_group(world.a1_admin, main, "Lab");
  const std::int64_t other = create_group(world.a1_admin, main, "Other");
  const std::int64_t profile = create_profile(world.a1_admin, "Praxis");
  world.database().sql("UPDATE licenses SET expires_at = 1000 WHERE id = " +
                       std::to_string(world.a1_license.id));
  ApiClient admin = world.as(world.a1_admin);
  const std::vector<Reply> refused = {
      admin.post("/api/v1/groups", {{"parent_id", main}, {"name", "New"}}),
      admin.patch(group_path(lab), {{"name", "Renamed"}}),
      admin.patch(group_path(lab), {{"parent_id", other}}),
      admin.del(group_path(lab)),
      admin.put(group_path(lab) + "/profile", {{"profile_id", profile}}),
      admin.del(group_path(lab) + "/profile")};
  for (const Reply& reply : refused) {
    EXPECT_EQ(reply.status, 409) << reply;
    EXPECT_EQ(reply.error_code(), "license_expired") << reply;
  }
  EXPECT_EQ(admin.get(tree_path(world.a1_license)).status, 200);
  EXPECT_EQ(group_name(lab), "Lab");
  EXPECT_EQ(groups_of(world.a1_license), 3);
}

TEST_P(GroupsApi, AProfileOfTheCustomerOrItsResellerCanBeAssignedAndSetsTheDeviceStatus) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t own = create_profile(world.a1_admin, "Praxis standard");
  const std::int64_t resellers = create_profile(world.a_admin, "Northwind baseline");
  const std::int64_t siblings = create_profile(world.a2_admin, "Sommer");
  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  EXPECT_TRUE(has_status(world, device, core::FilterKey::profile_missing));
  const std::string path = group_path(main) + "/profile";

  // The customer does not see its reseller's profile, nor its sibling's.
  for (const std::int64_t invisible : {resellers, siblings}) {
    const Reply reply = world.as(world.a1_admin).put(path, {{"profile_id", invisible}});
    EXPECT_EQ(reply.status, 404) << reply;
  }
  const Reply assigned = world.as(world.a1_admin).put(path, {{"profile_id", own}});
  ASSERT_EQ(assigned.status, 200) << assigned;
  EXPECT_EQ(assigned.object().at("profile").at("id").as_int64(), own);
  EXPECT_EQ(assigned.object().at("profile").at("name").as_string(), "Praxis standard");
  EXPECT_FALSE(has_status(world, device, core::FilterKey::profile_missing));
  EXPECT_TRUE(has_status(world, device, core::FilterKey::settings_incomplete));

  // The reseller sees the sibling's profile, but it belongs to another customer.
  const Reply foreign = world.as(world.a_admin).put(path, {{"profile_id", siblings}});
  EXPECT_EQ(foreign.status, 409) << foreign;
  EXPECT_EQ(foreign.error_code(), "profile_not_assignable");
  const Reply managed = world.as(world.a_technician).put(path, {{"profile_id", resellers}});
  ASSERT_EQ(managed.status, 200) << managed;
  EXPECT_EQ(managed.object().at("profile").at("id").as_int64(), resellers);

  // Now the reseller manages the group's profile: its customer can not take it away.
  const Reply removal = world.as(world.a1_admin).del(path);
  EXPECT_EQ(removal.status, 403) << removal;
  EXPECT_EQ(removal.error_code(), "forbidden");
  EXPECT_EQ(world.as(world.a1_admin).put(path, {{"profile_id", own}}).status, 403);
  const Reply tree = world.as(world.a1_admin).get(tree_path(world.a1_license));
  EXPECT_EQ(tree.object().at("items").at(0).at("profile").at("id").as_int64(), resellers);

  EXPECT_EQ(world.as(world.a_viewer).del(path).status, 403);
  EXPECT_EQ(world.as(world.a1_viewer).put(path, {{"profile_id", own}}).status, 403);
  EXPECT_EQ(world.as(world.b_admin).del(path).status, 404);
  EXPECT_EQ(world.as(world.a2_admin).put(path, {{"profile_id", siblings}}).status, 404);
  EXPECT_EQ(world.as(world.a1_admin).put(path, {{"profile_id", "x"}}).status, 400);
  EXPECT_EQ(world.as(world.a1_admin).put(path, json::object{}).status, 400);
  EXPECT_EQ(world.database().sql_int("SELECT profile_id FROM device_groups WHERE id = " +
                                     std::to_string(main)),
            resellers);

  const Reply removed = world.as(world.a_admin).del(path);
  ASSERT_EQ(removed.status, 200) << removed;
  EXPECT_TRUE(removed.object().at("profile").is_null());
  EXPECT_TRUE(has_status(world, device, core::FilterKey::profile_missing));
  EXPECT_FALSE(has_status(world, device, core::FilterKey::settings_incomplete));
  EXPECT_EQ(count_rows(world, "action_log", "action = 'group.profile_assigned'"), 2);
  EXPECT_EQ(count_rows(world, "action_log", "action = 'group.profile_removed'"), 1);
}

TEST_P(GroupsApi, ProfilesAreNotInheritedBySubgroups) {
  const std::int64_t main = world.a1_license.main_group_id;
  const std::int64_t lab = create_group(world.a1_admin, main, "Lab");
  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  put_device_in(device, lab);
  const std::int64_t profile = create_profile(world.a1_admin, "Praxis");
  ASSERT_EQ(
      world.as(world.a1_admin).put(group_path(main) + "/profile", {{"profile_id", profile}}).status,
      200);
  EXPECT_TRUE(has_status(world, device, core::FilterKey::profile_missing));
  const Reply lab_group = world.as(world.a1_admin).get(group_path(lab));
  EXPECT_TRUE(lab_group.object().at("profile").is_null()) << lab_group;
}

INSTANTIATE_TEST_SUITE_P(Engines, GroupsApi, kEngines);

}  // namespace
}  // namespace keyward::test
