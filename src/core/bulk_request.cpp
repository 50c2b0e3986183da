#include "core/bulk_request.hpp"

#include <set>

#include "core/error.hpp"
#include "core/json_input.hpp"

namespace keyward::core {
namespace {

BulkAction parse_action(const boost::json::object& body) {
  const std::string action = required_text(body, "action", 1, 20);
  if (action == "move") return BulkAction::move;
  if (action == "activate") return BulkAction::activate;
  if (action == "deactivate") return BulkAction::deactivate;
  if (action == "delete") return BulkAction::remove;
  throw invalid_request("action", "must be move, activate, deactivate or delete");
}

}  // namespace

std::vector<Id> parse_device_ids(const boost::json::object& body) {
  const auto* value = body.if_contains("device_ids");
  if (!value || value->is_null()) throw invalid_request("device_ids", "is required");
  if (!value->is_array()) throw invalid_request("device_ids", "must be an array of device ids");
  const auto& array = value->get_array();
  if (array.empty() || array.size() > kMaxBulkDevices) {
    throw invalid_request("device_ids",
                          "must name 1 to " + std::to_string(kMaxBulkDevices) + " devices");
  }
  std::vector<Id> ids;
  std::set<Id> seen;
  for (std::size_t i = 0; i < array.size(); ++i) {
    // Read through a one-member object, so that an error names the element.
    const std::string field = "device_ids[" + std::to_string(i) + "]";
    const boost::json::object item{{field, array[i]}};
    const Id id = required_integer(item, field, 1, INT64_MAX);
    if (!seen.insert(id).second) {
      throw invalid_request("device_ids", "names device " + std::to_string(id) + " twice");
    }
    ids.push_back(id);
  }
  return ids;
}

BulkDeviceRequest parse_bulk_device_request(const boost::json::object& body) {
  BulkDeviceRequest request;
  request.action = parse_action(body);
  request.device_ids = parse_device_ids(body);
  request.group_id = optional_integer(body, "group_id", 1, INT64_MAX);
  if (request.action == BulkAction::move && !request.group_id) {
    throw invalid_request("group_id", "is required to move devices");
  }
  if (request.action != BulkAction::move && request.group_id) {
    throw invalid_request("group_id", "is only for move");
  }
  return request;
}

}  // namespace keyward::core
