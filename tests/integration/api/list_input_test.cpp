// Bad input on every list of the license, device and dashboard area: unknown sort keys, page
// sizes and pages out of range, search text with wildcards, quotes or 10 KB. Each is a clear
// 400 naming the parameter or a correct (possibly empty) page, never a 500.

#include <gtest/gtest.h>

#include "fleet.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class ListInput : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  void SetUp() override {
    world.activate_device(world.a1_license, "PC-01");
    const std::string license = "/api/v1/licenses/" + std::to_string(world.a1_license.id);
    ASSERT_EQ(
        world.as(world.a1_admin).post(license + "/comments", json::object{{"body", "hi"}}).status,
        201);
    ASSERT_EQ(world.as(world.a1_admin)
                  .post(license + "/recipients", json::object{{"email", "it@praxis-berg.example"}})
                  .status,
              201);
  }

  // Every list with the number of items it has for a1_admin.
  std::vector<std::pair<std::string, std::int64_t>> lists() const {
    const std::string license = "/api/v1/licenses/" + std::to_string(world.a1_license.id);
    return {{"/api/v1/licenses", 1},      {"/api/v1/devices", 1},     {license + "/devices", 1},
            {license + "/recipients", 1}, {license + "/comments", 1}, {license + "/actions", -1}};
  }

  // What a literal search for `text` finds in a complete list: nothing in these test data,
  // except action names such as "license.comment_added" in the action log.
  static std::int64_t containing(const Reply& list, const std::string& text) {
    std::int64_t count = 0;
    for (const auto& item : list.object().at("items").as_array()) {
      const auto* action = item.as_object().if_contains("action");
      if (action && std::string_view(action->as_string()).find(text) != std::string_view::npos) {
        ++count;
      }
    }
    return count;
  }

  std::string message_of(const Reply& reply) {
    return reply.status == 400 ? std::string(reply.object().at("error").at("message").as_string())
                               : std::string();
  }
};

TEST_P(ListInput, EveryListAnswersBadParametersWithA400NamingThem) {
  ApiClient client = world.as(world.a1_admin);
  for (const auto& [path, count] : lists()) {
    const Reply sort = client.get(path + "?sort=password");
    EXPECT_EQ(sort.status, 400) << path << ": " << sort;
    EXPECT_EQ(sort.error_code(), "invalid_sort") << path;
    EXPECT_TRUE(message_of(sort).starts_with("sort: must be one of")) << path;
    EXPECT_TRUE(message_of(client.get(path + "?per_page=1000")).starts_with("per_page:")) << path;
    EXPECT_TRUE(message_of(client.get(path + "?page=0")).starts_with("page:")) << path;
    EXPECT_TRUE(message_of(client.get(path + "?page=1e3")).starts_with("page:")) << path;
    EXPECT_TRUE(
        message_of(client.get(path + "?q=" + std::string(10 * 1024, 'a'))).starts_with("q:"))
        << path;
    EXPECT_TRUE(message_of(client.get(path + "?q=%FF")).starts_with("q:")) << path << " (UTF-8)";
  }
}

TEST_P(ListInput, EveryListAnswersAPageBeyondTheEndAndOddSearchTextsCorrectly) {
  ApiClient client = world.as(world.a1_admin);
  for (const auto& [path, count] : lists()) {
    const Reply all = client.get(path);
    ASSERT_EQ(all.status, 200) << path << ": " << all;
    const std::int64_t total = all.object().at("total").as_int64();
    if (count >= 0) {
      EXPECT_EQ(total, count) << path;
    }
    const Reply beyond = client.get(path + "?page=1000000&per_page=100");
    ASSERT_EQ(beyond.status, 200) << path << ": " << beyond;
    EXPECT_TRUE(beyond.object().at("items").as_array().empty()) << path;
    EXPECT_EQ(beyond.object().at("total").as_int64(), total) << path;
    EXPECT_EQ(beyond.object().at("page").as_int64(), 1000000) << path;
    for (const std::string q : {"%", "_", "'", "\"", "' OR 1=1 --", "\\%"}) {
      const Reply searched = client.get(path + "?q=" + url_encode(q));
      ASSERT_EQ(searched.status, 200) << path << " q=" << q << ": " << searched;
      EXPECT_EQ(searched.object().at("total").as_int64(), containing(all, q)) << path << " q=" << q;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ListInput, kEngines);

}  // namespace
}  // namespace keyward::test
