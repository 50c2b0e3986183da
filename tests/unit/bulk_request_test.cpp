#include "core/bulk_request.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/expect_error.hpp"

namespace keyward::core {
namespace {

BulkDeviceRequest parsed(std::string_view json) {
  return parse_bulk_device_request(boost::json::parse(json).as_object());
}

std::string error_of(std::string_view json) {
  return test::invalid_request_message([&] { parsed(json); });
}

TEST(BulkRequest, ActionsDevicesAndTheTargetGroupOfAMove) {
  const BulkDeviceRequest move = parsed(R"({"action":"move","device_ids":[3,1,2],"group_id":9})");
  EXPECT_EQ(move.action, BulkAction::move);
  EXPECT_EQ(move.device_ids, (std::vector<Id>{3, 1, 2}));
  EXPECT_EQ(move.group_id, 9);
  EXPECT_EQ(parsed(R"({"action":"delete","device_ids":[1]})").action, BulkAction::remove);
  EXPECT_EQ(parsed(R"({"action":"activate","device_ids":[1.0]})").device_ids, std::vector<Id>{1});
}

TEST(BulkRequest, InvalidRequestsNameTheField) {
  EXPECT_EQ(error_of(R"({"action":"wipe","device_ids":[1]})"),
            "action: must be move, activate, deactivate or delete");
  EXPECT_EQ(error_of(R"({"action":"delete","device_ids":[]})"),
            "device_ids: must name 1 to 1000 devices");
  EXPECT_EQ(error_of(R"({"action":"delete","device_ids":[1,2,1]})"),
            "device_ids: names device 1 twice");
  EXPECT_EQ(error_of(R"({"action":"delete","device_ids":[1,-2]})"),
            "device_ids[1]: must be between 1 and 9223372036854775807");
  EXPECT_EQ(error_of(R"({"action":"delete","device_ids":[null]})"), "device_ids[0]: is required");
  EXPECT_EQ(error_of(R"({"action":"move","device_ids":[1]})"),
            "group_id: is required to move devices");
  EXPECT_EQ(error_of(R"({"action":"deactivate","device_ids":[1],"group_id":2})"),
            "group_id: is only for move");
}

TEST(BulkRequest, AtMostAThousandDevices) {
  std::string ids;
  for (int i = 1; i <= 1001; ++i) ids += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_EQ(error_of(R"({"action":"delete","device_ids":[)" + ids + "]}"),
            "device_ids: must name 1 to 1000 devices");
  ids.resize(ids.rfind(','));
  EXPECT_EQ(parsed(R"({"action":"delete","device_ids":[)" + ids + "]}").device_ids.size(), 1000u);
}

}  // namespace
}  // namespace keyward::core
