#pragma once
// The bulk actions on selected devices (SPEC.md §2 Device): move, activate, deactivate,
// delete, as the portal sends them.

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "core/entities.hpp"

namespace keyward::core {

enum class BulkAction { move, activate, deactivate, remove };

inline constexpr std::size_t kMaxBulkDevices = 1000;

struct BulkDeviceRequest {
  BulkAction action = BulkAction::move;
  std::vector<Id> device_ids;  // 1..kMaxBulkDevices, each once
  std::optional<Id> group_id;  // the target of a move; only for move
};

// The `device_ids` member of `body`: 1..kMaxBulkDevices ids, each once; throws core::Error
// invalid_request naming the member or the element.
std::vector<Id> parse_device_ids(const boost::json::object& body);

// `{action, device_ids, group_id?}`; throws core::Error invalid_request naming the field.
BulkDeviceRequest parse_bulk_device_request(const boost::json::object& body);

}  // namespace keyward::core
