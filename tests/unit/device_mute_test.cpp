#include "core/device_mute.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/expect_error.hpp"

namespace keyward::core {
namespace {

MuteSetting parsed(std::string_view json) {
  return parse_mute_setting(boost::json::parse(json), "muted");
}

TEST(DeviceMute, NoneAllAndAListOfCategories) {
  EXPECT_EQ(parsed(R"("none")").level, MuteLevel::none);
  EXPECT_EQ(muted_categories_json(parsed(R"("none")")), "[]");
  EXPECT_EQ(parsed(R"("all")").level, MuteLevel::all);
  EXPECT_EQ(muted_categories_json(parsed(R"("all")")), R"(["device","settings","other"])");
  const MuteSetting some = parsed(R"(["other", "device", "other"])");
  EXPECT_EQ(some.level, MuteLevel::some);
  EXPECT_EQ(muted_categories_json(some), R"(["device","other"])") << "sorted, once each";
}

TEST(DeviceMute, AnEmptyListIsNoneAndEveryCategoryIsAll) {
  EXPECT_EQ(parsed("[]").level, MuteLevel::none);
  EXPECT_EQ(parsed(R"(["settings", "other", "device"])").level, MuteLevel::all);
}

TEST(DeviceMute, AnythingElseNamesTheField) {
  for (const char* json :
       {R"("some")", R"(["threats"])", "[1]", "true", "null", "{}", R"("ALL")"}) {
    EXPECT_NE(test::invalid_request_message([&] { parsed(json); }).find("muted: must be"),
              std::string::npos)
        << json;
  }
}

}  // namespace
}  // namespace keyward::core
