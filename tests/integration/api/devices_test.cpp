// The device screens of the portal API: device lists with search, status filter, sort and
// paging, device information, editing a device (SPEC.md §2 Device, §3 License information).

#include <gtest/gtest.h>

#include <set>

#include "fleet.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class DevicesApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
  std::int64_t pc1 = 0, pc2 = 0, pc3 = 0, a2_pc = 0, b1_pc = 0;
  std::string token1, token2, token3;

  void SetUp() override {
    std::tie(pc1, token1) = world.activate_device(world.a1_license, "PC-01");
    std::tie(pc2, token2) = world.activate_device(world.a1_license, "PC-02");
    std::tie(pc3, token3) = world.activate_device(world.a1_license, "LAPTOP-03");
    a2_pc = world.activate_device(world.a2_license, "KASSE-1").first;
    b1_pc = world.activate_device(world.b1_license, "KANZLEI-PC").first;
  }

  std::string a1_devices() const {
    return "/api/v1/licenses/" + std::to_string(world.a1_license.id) + "/devices";
  }
  static std::string device_path(std::int64_t id) {
    return "/api/v1/devices/" + std::to_string(id);
  }

  static std::vector<std::int64_t> ids(const Reply& reply) {
    std::vector<std::int64_t> result;
    for (const auto& item : reply.object().at("items").as_array()) {
      result.push_back(item.at("id").as_int64());
    }
    return result;
  }

  std::vector<std::int64_t> listed(const Account& account, const std::string& target) {
    const Reply reply = world.as(account).get(target);
    EXPECT_EQ(reply.status, 200) << target << ": " << reply;
    return reply.status == 200 ? ids(reply) : std::vector<std::int64_t>{};
  }

  static std::set<std::int64_t> as_set(const std::vector<std::int64_t>& ids) {
    return {ids.begin(), ids.end()};
  }
};

using Ids = std::vector<std::int64_t>;
using IdSet = std::set<std::int64_t>;

// Windows 11 Pro 24H2, which PortalWorld activates, left support in October 2026; this
// edition is supported until 2034.
constexpr const char* kSupportedOs = "Windows 11 IoT Enterprise LTSC";

TEST_P(DevicesApi, ListsShowEveryColumnAndTheWorstStatusPerCategory) {
  check_in(world, token1, {.hostname = "PC-01", .os_name = kSupportedOs});
  const Reply reply = world.as(world.a1_viewer).get(a1_devices());
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("total").as_int64(), 3);
  ASSERT_EQ(ids(reply), (Ids{pc3, pc1, pc2})) << "by host name";
  const json::object& pc = reply.object().at("items").at(1).as_object();
  EXPECT_EQ(pc.at("hostname").as_string(), "PC-01");
  EXPECT_EQ(pc.at("description").as_string(), "");
  EXPECT_EQ(pc.at("group").at("id").as_int64(), world.a1_license.main_group_id);
  EXPECT_EQ(pc.at("group").at("name").as_string(), "Praxis Berg");
  EXPECT_EQ(pc.at("license").at("id").as_int64(), world.a1_license.id);
  EXPECT_EQ(pc.at("license").at("name").as_string(), "Praxis Berg Clients");
  EXPECT_EQ(pc.at("ip").as_string(), "10.0.0.7");
  EXPECT_EQ(pc.at("domain").as_string(), "office.local");
  EXPECT_EQ(pc.at("os").at("name").as_string(), kSupportedOs);
  EXPECT_EQ(pc.at("client_version").as_string(), "3.2.34");
  EXPECT_EQ(pc.at("infections").as_int64(), 0);
  EXPECT_TRUE(pc.at("active").as_bool());
  EXPECT_TRUE(pc.at("last_contact_at").as_string().ends_with("Z"));
  const json::array& worst = pc.at("worst_statuses").as_array();
  ASSERT_EQ(worst.size(), 2u) << pc;
  EXPECT_EQ(worst.at(0).at("category").as_string(), "device");
  EXPECT_EQ(worst.at(0).at("code").as_int64(), 10);
  EXPECT_EQ(worst.at(1).at("category").as_string(), "settings");
  EXPECT_EQ(worst.at(1).at("key").as_string(), "profile_missing");
  EXPECT_EQ(worst.at(1).at("code").as_int64(), 30);
  EXPECT_FALSE(worst.at(1).at("message").as_string().empty());

  EXPECT_EQ(as_set(listed(world.a_admin, "/api/v1/devices")), (IdSet{pc1, pc2, pc3, a2_pc}));
  EXPECT_EQ(as_set(listed(world.a1_admin, "/api/v1/devices")), (IdSet{pc1, pc2, pc3}));
  EXPECT_EQ(listed(world.a2_admin, "/api/v1/devices"), (Ids{a2_pc}));
  EXPECT_EQ(listed(world.b_admin, "/api/v1/devices"), (Ids{b1_pc}));
  EXPECT_EQ(listed(world.op_admin, "/api/v1/devices").size(), 5u);
  EXPECT_EQ(
      listed(world.a_admin, "/api/v1/devices?license_id=" + std::to_string(world.a2_license.id)),
      (Ids{a2_pc}));
  EXPECT_EQ(listed(world.a_admin,
                   "/api/v1/devices?group_id=" + std::to_string(world.a1_license.main_group_id))
                .size(),
            3u);
  // Filters naming another tenant's license or group find nothing.
  EXPECT_TRUE(
      listed(world.b_admin, "/api/v1/devices?license_id=" + std::to_string(world.a1_license.id))
          .empty());
  EXPECT_TRUE(listed(world.a2_admin,
                     "/api/v1/devices?group_id=" + std::to_string(world.a1_license.main_group_id))
                  .empty());
  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    const Reply hidden = world.as(*other).get(a1_devices());
    EXPECT_EQ(hidden.status, 404) << other->email << ": " << hidden;
  }
}

TEST_P(DevicesApi, SearchCoversHostnameDescriptionGroupIpAndDomainButNotOsOrStatus) {
  check_in(world, token2, {.hostname = "PC-02", .ip = "192.168.5.20", .domain = "praxis.intern"});
  check_in(world, token3, {.hostname = "LAPTOP-03", .infections = 2});
  ASSERT_EQ(world.as(world.a1_admin)
                .patch(device_path(pc1), json::object{{"description", "Empfang, Tresen links"}})
                .status,
            200);
  const auto search = [&](const std::string& q) {
    return as_set(listed(world.a1_admin, a1_devices() + "?q=" + url_encode(q)));
  };
  EXPECT_EQ(search("pc-0"), (IdSet{pc1, pc2})) << "host name, any letter case";
  EXPECT_EQ(search("TRESEN"), (IdSet{pc1})) << "description";
  EXPECT_EQ(search("praxis berg"), (IdSet{pc1, pc2, pc3})) << "group name";
  EXPECT_EQ(search("192.168.5"), (IdSet{pc2})) << "IP address";
  EXPECT_EQ(search("praxis.intern"), (IdSet{pc2})) << "domain";
  EXPECT_EQ(search("Windows"), IdSet{}) << "not the operating system";
  EXPECT_EQ(search("threat"), IdSet{}) << "not the status";
  EXPECT_EQ(search("%"), IdSet{});
  EXPECT_EQ(search("_"), IdSet{});
  EXPECT_EQ(search("'"), IdSet{});
  EXPECT_EQ(search("\""), IdSet{});
  EXPECT_EQ(search(","), (IdSet{pc1})) << "the description has one";
  EXPECT_EQ(as_set(listed(world.a_admin, "/api/v1/devices?q=kasse")), (IdSet{a2_pc}));
  EXPECT_TRUE(listed(world.b_admin, "/api/v1/devices?q=pc-0").empty());
}

// Reseller- and customer-wide lists ask the trigram indexes (migration 10) for the end of the
// term within the caller's reseller and test the whole term on what they return; this pins
// that split, the tenant range of the indexes and their upkeep when a group is renamed.
TEST_P(DevicesApi, WideSearchFindsTheWholeTermOnlyWithinTheTenantAndFollowsRenames) {
  check_in(world, token2, {.hostname = "PC-02", .ip = "192.168.5.20", .domain = "praxis.intern"});
  ASSERT_EQ(world.as(world.a1_admin)
                .patch(device_path(pc1), json::object{{"description", "Büro \"Süd\" 2"}})
                .status,
            200);
  const auto search = [&](const Account& account, const std::string& q) {
    return as_set(listed(account, "/api/v1/devices?q=" + url_encode(q)));
  };
  EXPECT_EQ(search(world.a_admin, "pc-02"), (IdSet{pc2}));
  EXPECT_EQ(search(world.a_admin, "xc-02"), IdSet{}) << "the term's end alone is no match";
  EXPECT_EQ(search(world.a_admin, "APTOP-0"), (IdSet{pc3})) << "inside a host name, any case";
  EXPECT_EQ(search(world.a_admin, "68.5.20"), (IdSet{pc2})) << "IP address";
  EXPECT_EQ(search(world.a_admin, "büro \"süd\""), (IdSet{pc1})) << "UTF-8 and quotes";
  EXPECT_EQ(search(world.a_admin, "praxis berg"), (IdSet{pc1, pc2, pc3})) << "group name";
  EXPECT_EQ(search(world.a_admin, "kasse-1"), (IdSet{a2_pc}));
  EXPECT_EQ(search(world.a1_admin, "pc-02"), (IdSet{pc2})) << "customer-wide";
  EXPECT_EQ(search(world.a1_admin, "kasse-1"), IdSet{}) << "a sibling customer's device";
  EXPECT_EQ(search(world.b_admin, "laptop"), IdSet{}) << "another reseller's device";
  EXPECT_EQ(search(world.b_admin, "kanzlei-pc"), (IdSet{b1_pc}));

  const Reply renamed =
      world.as(world.a1_admin)
          .patch("/api/v1/groups/" + std::to_string(world.a1_license.main_group_id),
                 json::object{{"name", "Filiale Nord"}});
  ASSERT_EQ(renamed.status, 200) << renamed;
  EXPECT_EQ(search(world.a_admin, "filiale nord"), (IdSet{pc1, pc2, pc3}));
  EXPECT_EQ(search(world.a_admin, "praxis berg"), IdSet{});
  const Reply counted = world.as(world.a_admin).get("/api/v1/devices?q=filiale&per_page=10&page=2");
  ASSERT_EQ(counted.status, 200) << counted;
  EXPECT_EQ(counted.object().at("total").as_int64(), 3) << "the total of a page beyond the end";
}

TEST_P(DevicesApi, SortKeysPagingAndBadInput) {
  check_in(world, token3, {.hostname = "LAPTOP-03", .infections = 5});
  check_in(world, token1, {.hostname = "PC-01", .infections = 1});
  EXPECT_EQ(listed(world.a1_admin, a1_devices() + "?sort=-hostname"), (Ids{pc2, pc1, pc3}));
  EXPECT_EQ(listed(world.a1_admin, a1_devices() + "?sort=-infections"), (Ids{pc3, pc1, pc2}));
  EXPECT_EQ(listed(world.a1_admin, a1_devices() + "?sort=-status").back(), pc2)
      << "the threatened devices (30) before the one that is fine";
  for (const std::string key : {"description", "group", "license", "ip", "domain", "os",
                                "last_contact", "status", "client_version", "infections"}) {
    EXPECT_EQ(listed(world.a1_admin, a1_devices() + "?sort=" + key).size(), 3u) << key;
  }
  const Reply page = world.as(world.a1_admin).get(a1_devices() + "?per_page=10&page=2");
  ASSERT_EQ(page.status, 200) << page;
  EXPECT_TRUE(page.object().at("items").as_array().empty());
  EXPECT_EQ(page.object().at("total").as_int64(), 3);

  const auto status_of = [&](const std::string& query) {
    return world.as(world.a1_admin).get("/api/v1/devices" + query).status;
  };
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/devices?sort=os_name").error_code(),
            "invalid_sort");
  EXPECT_EQ(status_of("?per_page=1000"), 400);
  EXPECT_EQ(status_of("?page=-1"), 400);
  EXPECT_EQ(status_of("?q=" + std::string(10 * 1024, 'q')), 400);
  EXPECT_EQ(status_of("?status=sick"), 400);
  EXPECT_EQ(status_of("?status="), 200) << "an empty filter filters nothing";
  EXPECT_EQ(status_of("?license_id=x"), 400);
  EXPECT_EQ(status_of("?group_id=0"), 400);
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/licenses/abc/devices").status, 404);
}

TEST_P(DevicesApi, TheStatusFilterMatchesAnyOfTheGivenKeys) {
  check_in(world, token1, {.hostname = "PC-01", .infections = 3, .os_name = kSupportedOs});
  check_in(world, token2, {.hostname = "PC-02", .realtime = false});
  check_in(world, token3, {.hostname = "LAPTOP-03", .client_version = "2.9.1"});
  const auto filtered = [&](const std::string& query) {
    return as_set(listed(world.a1_admin, a1_devices() + "?" + query));
  };
  EXPECT_EQ(filtered("status=threatened"), (IdSet{pc1}));
  EXPECT_EQ(filtered("status=insecure"), (IdSet{pc2}));
  EXPECT_EQ(filtered("status=no_remote_settings"), (IdSet{pc3}));
  EXPECT_EQ(filtered("status=threatened&status=insecure"), (IdSet{pc1, pc2}));
  EXPECT_EQ(filtered("status=threatened,no_remote_settings"), (IdSet{pc1, pc3}));
  EXPECT_EQ(filtered("status=profile_missing"), (IdSet{pc1, pc2}));
  EXPECT_EQ(filtered("status=eol"), (IdSet{pc2, pc3}));
  EXPECT_EQ(filtered("status=unknown"), IdSet{});
  EXPECT_EQ(filtered("status=threatened&q=pc-02"), IdSet{});

  // No contact for more than the stale days (7): a condition on the contact time.
  const std::int64_t long_ago = std::time(nullptr) - 9 * 86400;
  world.database().sql("UPDATE devices SET last_contact_at = " + std::to_string(long_ago) +
                       ", last_contact_day = " + std::to_string(long_ago / 86400) +
                       " WHERE id = " + std::to_string(pc2));
  EXPECT_EQ(filtered("status=unknown"), (IdSet{pc2}));
  EXPECT_EQ(filtered("status=unknown,threatened"), (IdSet{pc1, pc2}));
  const Reply stale = world.as(world.a1_admin).get(a1_devices() + "?status=unknown");
  EXPECT_EQ(stale.object().at("items").at(0).at("worst_statuses").at(0).at("key").as_string(),
            "unknown")
      << stale;
}

TEST_P(DevicesApi, DeviceInformationInTheUsersLanguage) {
  check_in(world, token1, {.hostname = "PC-01", .infections = 4});
  ASSERT_EQ(world.as(world.a1_admin)
                .post("/api/v1/devices/bulk",
                      json::object{{"action", "deactivate"}, {"device_ids", {pc2}}})
                .status,
            200);
  world.database().sql("UPDATE users SET language = 'de' WHERE id = " +
                       std::to_string(world.a1_viewer.user_id));

  const Reply english = world.as(world.a1_admin).get(device_path(pc1));
  ASSERT_EQ(english.status, 200) << english;
  EXPECT_EQ(english.object().at("hostname").as_string(), "PC-01");
  EXPECT_EQ(english.object().at("group").at("name").as_string(), "Praxis Berg");
  EXPECT_EQ(english.object().at("license").at("name").as_string(), "Praxis Berg Clients");
  bool threatened = false;
  for (const auto& status : english.object().at("statuses").as_array()) {
    if (status.at("key") == json::value("threatened")) {
      threatened = true;
      EXPECT_EQ(status.at("category").as_string(), "device");
      EXPECT_EQ(status.at("code").as_int64(), 30);
      EXPECT_EQ(status.at("message").as_string(), "4 threats found");
      EXPECT_EQ(status.at("action").as_string(), "Check the device and the threats found.");
    }
  }
  EXPECT_TRUE(threatened) << english;

  const Reply german = world.as(world.a1_viewer).get(device_path(pc1));
  EXPECT_EQ(german.object().at("worst_statuses").at(0).at("message").as_string(),
            "4 Bedrohungen gefunden")
      << german;

  const Reply deactivated = world.as(world.a1_admin).get(device_path(pc2));
  const json::array& open = deactivated.object().at("open_commands").as_array();
  ASSERT_EQ(open.size(), 1u) << deactivated;
  EXPECT_EQ(open.at(0).at("type").as_string(), "deactivate");
  EXPECT_EQ(open.at(0).at("status").as_string(), "outstanding");
  EXPECT_EQ(deactivated.object().at("actions").at(0).at("action").as_string(), "device.deactivate");

  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*other).get(device_path(pc1)).status, 404) << other->email;
  }
  EXPECT_EQ(world.as(world.a1_admin).get(device_path(b1_pc)).status, 404);
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/devices/x1").status, 404);
}

TEST_P(DevicesApi, TechniciansEditTheDescriptionAndMuteNotifications) {
  const Reply described =
      world.as(world.a_technician)
          .patch(device_path(pc1), json::object{{"description", "Empfang\nTresen links"},
                                                {"muted", json::array{"settings", "device"}}});
  ASSERT_EQ(described.status, 200) << described;
  EXPECT_EQ(described.object().at("description").as_string(), "Empfang\nTresen links");
  EXPECT_EQ(described.object().at("muted").as_string(), "some");
  EXPECT_EQ(described.object().at("muted_categories"), (json::array{"device", "settings"}));
  EXPECT_EQ(listed(world.a1_admin, a1_devices() + "?status=partly_muted"), (Ids{pc1}));

  const Reply all = world.as(world.a1_admin)
                        .patch(device_path(pc1),
                               json::object{{"muted", json::array{"device", "settings", "other"}}});
  EXPECT_EQ(all.object().at("muted").as_string(), "all") << all;
  EXPECT_EQ(all.object().at("description").as_string(), "Empfang\nTresen links");
  EXPECT_EQ(listed(world.a1_admin, a1_devices() + "?status=muted"), (Ids{pc1}));
  EXPECT_TRUE(listed(world.a1_admin, a1_devices() + "?status=partly_muted").empty());

  const Reply none =
      world.as(world.a1_admin).patch(device_path(pc1), json::object{{"muted", "none"}});
  EXPECT_EQ(none.object().at("muted").as_string(), "none") << none;
  EXPECT_TRUE(listed(world.a1_admin, a1_devices() + "?status=muted,partly_muted").empty());
  EXPECT_EQ(world.database().sql_int(
                "SELECT COUNT(*) FROM action_log WHERE action = 'device.updated' AND device_id = " +
                std::to_string(pc1)),
            3);
}

TEST_P(DevicesApi, InvalidEditsForeignDevicesViewersAndExpiredLicensesChangeNothing) {
  for (const json::value& body :
       {json::value(json::object{{"muted", "some"}}),
        json::value(json::object{{"muted", json::array{"threats"}}}),
        json::value(json::object{{"muted", json::array{1}}}),
        json::value(json::object{{"muted", 1}}),
        json::value(json::object{{"description", std::string(1001, 'd')}}),
        json::value(json::object{{"description", 5}}),
        json::value(json::object{{"description", "bell\a"}}),
        json::value(json::object{{"hostname", "renamed"}}), json::value(json::object{})}) {
    const Reply reply = world.as(world.a1_admin).patch(device_path(pc1), body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body).substr(0, 60) << ": " << reply;
  }
  const json::object change{{"description", "changed"}, {"muted", "all"}};
  for (const Account* viewer : {&world.a_viewer, &world.a1_viewer}) {
    EXPECT_EQ(world.as(*viewer).patch(device_path(pc1), change).status, 403) << viewer->email;
  }
  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*other).patch(device_path(pc1), change).status, 404) << other->email;
  }
  expire(world, world.a1_license.id);
  const Reply expired = world.as(world.a1_admin).patch(device_path(pc1), change);
  EXPECT_EQ(expired.status, 409) << expired;
  EXPECT_EQ(expired.error_code(), "license_expired");
  EXPECT_EQ(device_column(world, pc1, "description"), "");
  EXPECT_EQ(device_column(world, pc1, "muted"), "none");
}

INSTANTIATE_TEST_SUITE_P(Engines, DevicesApi, kEngines);

}  // namespace
}  // namespace keyward::test
