// Reading stale-device requests: days within 1..3650, the rule's two fields, optional ids.

#include "core/stale_devices.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <functional>

#include "core/error.hpp"

namespace keyward::core {
namespace {

boost::json::object body(const char* json) { return boost::json::parse(json).as_object(); }

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.code() + ": " + error.what();
  }
  return "(no error)";
}

TEST(StaleBefore, IsNowMinusWholeDays) {
  EXPECT_EQ(stale_before(1'000'000, 1), 1'000'000 - 86400);
  EXPECT_EQ(stale_before(1'000'000, 10), 1'000'000 - 864000);
}

TEST(StaleRuleInput, TakesEnabledAndDaysWithinRange) {
  const StaleRule rule = parse_stale_rule(body(R"({"enabled": true, "days": 30})"));
  EXPECT_TRUE(rule.enabled);
  EXPECT_EQ(rule.days, 30);
  EXPECT_EQ(parse_stale_rule(body(R"({"enabled": false, "days": 3650})")).days, 3650);
  EXPECT_EQ(error_of([] { parse_stale_rule(body(R"({"enabled": true, "days": 0})")); }),
            "invalid_request: days: must be between 1 and 3650");
  EXPECT_NE(
      error_of([] { parse_stale_rule(body(R"({"enabled": true, "days": 3651})")); }).find("days"),
      std::string::npos);
  EXPECT_NE(error_of([] { parse_stale_rule(body(R"({"days": 30})")); }).find("enabled"),
            std::string::npos);
  EXPECT_NE(
      error_of([] { parse_stale_rule(body(R"({"enabled": "yes", "days": 30})")); }).find("enabled"),
      std::string::npos);
  EXPECT_NE(error_of([] {
              parse_stale_rule(body(R"({"enabled": true, "days": 30, "x": 1})"));
            }).find("x: is not a known field"),
            std::string::npos);
}

TEST(StaleDeactivationInput, DeviceIdsAreOptionalButValidatedWhenGiven) {
  const auto all = parse_stale_deactivation(body(R"({"days": 14})"));
  EXPECT_EQ(all.days, 14);
  EXPECT_FALSE(all.device_ids);
  const auto some = parse_stale_deactivation(body(R"({"days": 14, "device_ids": [3, 1]})"));
  ASSERT_TRUE(some.device_ids);
  EXPECT_EQ(*some.device_ids, (std::vector<Id>{3, 1}));
  EXPECT_NE(error_of([] { parse_stale_deactivation(body(R"({"device_ids": [1]})")); }).find("days"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_stale_deactivation(body(R"({"days": 14, "device_ids": []})"));
            }).find("device_ids"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_stale_deactivation(body(R"({"days": 14, "device_ids": [1, 1]})"));
            }).find("twice"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_stale_deactivation(body(R"({"days": 14, "device_ids": ["a"]})"));
            }).find("device_ids[0]"),
            std::string::npos);
}

}  // namespace
}  // namespace keyward::core
