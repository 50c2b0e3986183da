// Attacks that cut across routes, each its own test: open redirects, path traversal through
// download names and path parameters, and SQL through the status filters. (SQL through q and
// sort: list_input_test; CSRF: csrf_test; session fixation: session_test; key enumeration:
// agent_protocol_test; tenant isolation: tenant_matrix_test.)

#include <gtest/gtest.h>

#include <regex>

#include "database_snapshot.hpp"
#include "keyward_binary.hpp"
#include "portal_world.hpp"
#include "router_routes.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class Attacks : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
};

// No route answers with a redirect, so none can be turned into one to another site: every GET
// of the router, with the parameters redirecting code looks for and with paths that browsers
// read as another host.
TEST_P(Attacks, NoRouteRedirectsAnywhere) {
  ApiClient admin = world.as(world.a1_admin);
  ApiClient anonymous(world.port(), {});
  const std::string lures =
      "?next=https%3A%2F%2Fevil.example&redirect=%2F%2Fevil.example&return_to=https://evil.example"
      "&url=https://evil.example";
  for (const std::string& route : router_routes()) {
    if (!route.starts_with("GET ")) continue;
    const std::string target =
        std::regex_replace(route.substr(4), std::regex("\\{[a-z_]+\\}"),
                           std::to_string(world.a1_license.id)) +
        lures;
    for (ApiClient* client : {&admin, &anonymous}) {
      const Reply reply = client->get(target);
      EXPECT_FALSE(reply.status >= 300 && reply.status < 400) << route << ": " << reply;
      EXPECT_EQ(reply.header("location"), "") << route;
    }
  }
  for (const std::string path : {"//evil.example/", "/\\evil.example", "/%2F%2Fevil.example"}) {
    const Reply reply = anonymous.get(path);
    EXPECT_FALSE(reply.status >= 300 && reply.status < 400) << path << ": " << reply;
    EXPECT_EQ(reply.header("location"), "") << path;
  }
}

// A group named like a path cannot steer where a download is saved: the file name keeps
// only letters, digits, '-' and '.', and never starts a path.
TEST_P(Attacks, DownloadNamesCannotTraversePaths) {
  ApiClient admin = world.as(world.a1_admin);
  const std::string base = "/api/v1/licenses/" + std::to_string(world.a1_license.id) + "/installer";
  for (const std::string name : {"../../etc/passwd", "..\\..\\Windows\\win.ini", "/root/.ssh",
                                 "a\"; filename=evil.exe", "x\r\nSet-Cookie: y=1"}) {
    const Reply group =
        admin.post("/api/v1/groups", {{"parent_id", world.a1_license.main_group_id}, {"name", name}});
    if (group.status != 201) {
      EXPECT_EQ(group.status, 400) << name << ": " << group;  // control characters
      continue;
    }
    const std::string id = std::to_string(group.object().at("id").as_int64());
    for (const std::string type : {"config", "zip"}) {
      const Reply download = admin.get(base + "?arch=x64&type=" + type + "&group=" + id);
      ASSERT_EQ(download.status, 200) << name << ": " << download;
      const std::string disposition = download.header("content-disposition");
      const std::smatch match = [&] {
        std::smatch m;
        std::regex_match(disposition, m, std::regex("attachment; filename=\"([A-Za-z0-9.-]+)\""));
        return m;
      }();
      ASSERT_FALSE(match.empty()) << name << ": " << disposition;
      EXPECT_EQ(match[1].str().find(".."), std::string::npos) << disposition;
      EXPECT_NE(match[1].str().front(), '.') << disposition;
    }
  }
  // Encoded separators in path parameters are ids or nothing.
  for (const std::string id : {"..%2F..%2Fetc%2Fpasswd", "%2E%2E", "1%2F..%2F2"}) {
    const Reply reply = admin.get("/api/v1/licenses/" + id);
    EXPECT_TRUE(reply.status == 400 || reply.status == 404) << id << ": " << reply;
  }
}

// Status filters are matched against the list of known filter keys, never put into SQL.
TEST_P(Attacks, StatusFiltersCarryNoSql) {
  ApiClient admin = world.as(world.a1_admin);
  world.activate_device(world.a1_license, "PC-ATTACK");
  const std::string before = database_snapshot(world.database());
  const std::string license_devices =
      "/api/v1/licenses/" + std::to_string(world.a1_license.id) + "/devices";
  for (const std::string& path : {std::string("/api/v1/devices"), license_devices}) {
    for (const std::string status :
         {"x%27%20OR%20%271%27%3D%271", "infected%3B%20DROP%20TABLE%20devices", "%25", "1=1"}) {
      const Reply reply = admin.get(path + "?status=" + status);
      EXPECT_EQ(reply.status, 400) << path << " status=" << status << ": " << reply;
      EXPECT_EQ(reply.error_code(), "invalid_request") << reply;
    }
  }
  EXPECT_EQ(database_snapshot(world.database()), before);
}

INSTANTIATE_TEST_SUITE_P(Engines, Attacks, kEngines);

}  // namespace
}  // namespace keyward::test
