// Comments on a license (immutable once saved) and the license's action log.

#include <gtest/gtest.h>

#include "fleet.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class CommentsApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
  const std::string license = "/api/v1/licenses/" + std::to_string(world.a1_license.id);
  const std::string comments = license + "/comments";

  Reply comment(const Account& account, const std::string& body) {
    return world.as(account).post(comments, json::object{{"body", body}});
  }

  std::int64_t comment_count() { return world.database().sql_int("SELECT COUNT(*) FROM comments"); }

  // A log with a device event (PC-01 activated), a change (the license renamed) and a device
  // command (deactivate PC-01, queued); returns PC-01's {device_id, token}.
  std::pair<std::int64_t, std::string> activate_rename_and_deactivate() {
    auto device = world.activate_device(world.a1_license, "PC-01");
    EXPECT_EQ(world.as(world.a1_admin).patch(license, json::object{{"name", "Renamed"}}).status,
              200);
    EXPECT_EQ(world.as(world.a1_admin)
                  .post("/api/v1/devices/bulk",
                        json::object{{"action", "deactivate"}, {"device_ids", {device.first}}})
                  .status,
              200);
    return device;
  }
};

TEST_P(CommentsApi, CommentsAreSavedWithAuthorAndTimeAndListedNewestFirst) {
  const Reply first = comment(world.a_technician, "Server room PCs\nreplaced in May.");
  ASSERT_EQ(first.status, 201) << first;
  EXPECT_EQ(first.object().at("body").as_string(), "Server room PCs\nreplaced in May.");
  EXPECT_EQ(first.object().at("author").as_string(), "tom");
  EXPECT_TRUE(first.object().at("created_at").as_string().ends_with("Z"));
  const Reply second = comment(world.a1_admin, std::string(5000, 'x'));
  ASSERT_EQ(second.status, 201) << second;

  const Reply listed = world.as(world.a1_viewer).get(comments);
  ASSERT_EQ(listed.status, 200) << listed;
  EXPECT_EQ(listed.object().at("total").as_int64(), 2);
  EXPECT_EQ(listed.object().at("items").at(0).at("id"), second.object().at("id"));
  EXPECT_EQ(listed.object().at("items").at(1).at("id"), first.object().at("id"));
  const Reply oldest_first = world.as(world.a1_viewer).get(comments + "?sort=created_at&q=MAY");
  EXPECT_EQ(oldest_first.object().at("total").as_int64(), 1) << oldest_first;

  const std::string one = comments + "/" + std::to_string(first.object().at("id").as_int64());
  const Reply shown = world.as(world.a1_viewer).get(one);
  EXPECT_EQ(shown.status, 200) << shown;
  EXPECT_EQ(shown.object().at("author").as_string(), "tom");
  EXPECT_EQ(world.database().sql_int(
                "SELECT COUNT(*) FROM action_log WHERE action = 'license.comment_added'"),
            2);
}

TEST_P(CommentsApi, ACommentCanNeverBeChangedOrDeleted) {
  const Reply saved = comment(world.a1_admin, "final");
  const std::string one = comments + "/" + std::to_string(saved.object().at("id").as_int64());
  for (const Reply& reply : {world.as(world.a_admin).put(one, json::object{{"body", "changed"}}),
                             world.as(world.a_admin).patch(one, json::object{{"body", "changed"}}),
                             world.as(world.a_admin).del(one),
                             world.as(world.a_admin).put(comments, json::object{{"body", "x"}}),
                             world.as(world.a_admin).del(comments)}) {
    EXPECT_EQ(reply.status, 405) << reply;
    EXPECT_NE(reply.header("allow").find("GET"), std::string::npos) << reply.header("allow");
  }
  EXPECT_EQ(world.database().sql("SELECT body FROM comments"), "final");
}

TEST_P(CommentsApi, InvalidCommentsAreA400) {
  for (const json::value& body :
       {json::value(json::object{{"body", ""}}), json::value(json::object{{"body", " \n\t "}}),
        json::value(json::object{{"body", std::string(5001, 'x')}}),
        json::value(json::object{{"body", 7}}), json::value(json::object{}),
        json::value(json::object{{"body", "ok"}, {"author", "someone else"}})}) {
    const Reply reply = world.as(world.a1_admin).post(comments, body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body).substr(0, 80) << ": " << reply;
    EXPECT_EQ(reply.error_code(), "invalid_request");
  }
  EXPECT_EQ(comment_count(), 0);
}

TEST_P(CommentsApi, OnlyTechniciansAndAdminsOfTheTenantCommentAndNotOnExpiredLicenses) {
  const Reply saved = comment(world.a1_admin, "first");
  const std::string one = comments + "/" + std::to_string(saved.object().at("id").as_int64());
  for (const Account* viewer : {&world.a_viewer, &world.a1_viewer}) {
    const Reply reply = comment(*viewer, "viewer's note");
    EXPECT_EQ(reply.status, 403) << viewer->email << ": " << reply;
  }
  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(comment(*other, "intruder").status, 404) << other->email;
    EXPECT_EQ(world.as(*other).get(comments).status, 404) << other->email;
    EXPECT_EQ(world.as(*other).get(one).status, 404) << other->email;
  }
  // The comment id through another license is not found either.
  EXPECT_EQ(world.as(world.a_admin)
                .get("/api/v1/licenses/" + std::to_string(world.a2_license.id) + "/comments/" +
                     std::to_string(saved.object().at("id").as_int64()))
                .status,
            404);
  expire(world, world.a1_license.id);
  const Reply expired = comment(world.a1_admin, "too late");
  EXPECT_EQ(expired.status, 409) << expired;
  EXPECT_EQ(expired.error_code(), "license_expired");
  EXPECT_EQ(comment_count(), 1);
}

TEST_P(CommentsApi, TheActionLogListsChangesAndDeviceEventsNewestFirst) {
  const auto [device_id, token] = activate_rename_and_deactivate();

  const Reply log = world.as(world.a1_viewer).get(license + "/actions");
  ASSERT_EQ(log.status, 200) << log;
  const json::array& items = log.object().at("items").as_array();
  ASSERT_GE(items.size(), 4u) << log;  // issued, activated, updated, deactivate
  EXPECT_EQ(items.at(0).at("action").as_string(), "device.deactivate");
  EXPECT_EQ(items.at(0).at("status").as_string(), "outstanding");
  EXPECT_EQ(items.at(0).at("user").as_string(), "dr.berg");
  EXPECT_EQ(items.at(0).at("device").at("hostname").as_string(), "PC-01");
  EXPECT_TRUE(items.at(0).at("ended_at").is_null());
  bool client_event = false;
  for (const auto& item : items) {
    if (item.at("user").as_string() == "Client") {
      client_event = true;
      EXPECT_EQ(item.at("device").at("id").as_int64(), device_id);
    }
  }
  EXPECT_TRUE(client_event) << "the activation is the device's own event";

  const Reply outstanding = world.as(world.a1_viewer).get(license + "/actions?status=outstanding");
  EXPECT_EQ(outstanding.object().at("total").as_int64(), 1) << outstanding;
  const Reply either =
      world.as(world.a1_viewer).get(license + "/actions?status=outstanding,aborted&status=running");
  EXPECT_EQ(either.object().at("total").as_int64(), 1) << either;
  const Reply searched = world.as(world.a1_viewer).get(license + "/actions?q=pc-01");
  EXPECT_GE(searched.object().at("total").as_int64(), 2) << searched;
  const Reply paged = world.as(world.a1_viewer).get(license + "/actions?per_page=10&page=9");
  EXPECT_TRUE(paged.object().at("items").as_array().empty());
  EXPECT_EQ(paged.object().at("total"), log.object().at("total"));

  EXPECT_EQ(world.as(world.a1_viewer).get(license + "/actions?status=done").status, 400);
  EXPECT_EQ(world.as(world.a1_viewer).get(license + "/actions?sort=user").error_code(),
            "invalid_sort");
  EXPECT_EQ(world.as(world.b_admin).get(license + "/actions").status, 404);
  EXPECT_EQ(world.as(world.a2_admin).get(license + "/actions").status, 404);
}

// SPEC.md §2: an action walks created → outstanding → running → completed | aborted; the
// log shows each step with its time.
TEST_P(CommentsApi, TheActionLogShowsTheTimelineOfEachEntry) {
  const auto [device_id, token] = activate_rename_and_deactivate();
  check_in(world, token, Health{.hostname = "PC-01"});  // hands the command to the device

  const Reply log = world.as(world.a1_viewer).get(license + "/actions");
  ASSERT_EQ(log.status, 200) << log;
  const json::array& items = log.object().at("items").as_array();
  const auto statuses = [](const json::value& item) {
    std::vector<std::string> walk;
    for (const auto& step : item.at("timeline").as_array()) {
      walk.emplace_back(step.at("status").as_string());
      EXPECT_TRUE(step.at("at").as_string().ends_with("Z")) << item;
    }
    return walk;
  };
  const json::value* deactivate = nullptr;
  const json::value* rename = nullptr;
  for (const auto& item : items) {
    if (item.at("action") == json::value("device.deactivate")) deactivate = &item;
    if (item.at("action") == json::value("license.updated")) rename = &item;
  }
  ASSERT_TRUE(deactivate) << log;
  EXPECT_EQ(deactivate->at("status").as_string(), "running");
  EXPECT_EQ(statuses(*deactivate),
            (std::vector<std::string>{"created", "outstanding", "running"}));
  EXPECT_EQ(deactivate->at("timeline").at(0).at("at"), deactivate->at("started_at"));
  ASSERT_TRUE(rename) << log;
  EXPECT_EQ(statuses(*rename), std::vector<std::string>{"completed"});

  const Reply device = world.as(world.a1_viewer).get("/api/v1/devices/" + std::to_string(device_id));
  ASSERT_EQ(device.status, 200) << device;
  EXPECT_EQ(statuses(device.object().at("actions").at(0)),
            (std::vector<std::string>{"created", "outstanding", "running"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, CommentsApi, kEngines);

}  // namespace
}  // namespace keyward::test
