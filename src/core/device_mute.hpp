#pragma once
// Muted notifications of a device (SPEC.md §2 Device): none, some, or all. "Some" names the
// status categories (device, settings, other) whose notifications the device no longer
// sends; naming every category is the same as muting all.

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/device_status.hpp"
#include "core/entities.hpp"

namespace keyward::core {

struct MuteSetting {
  MuteLevel level = MuteLevel::none;
  std::vector<StatusCategory> categories;  // in category order; every category for `all`
};

// `"none"`, `"all"` or an array of category names (an empty array is none). Throws
// core::Error invalid_request naming `field` for anything else.
MuteSetting parse_mute_setting(const boost::json::value& value, std::string_view field);

// The categories as the devices.muted_categories column stores them: a JSON array of names.
std::string muted_categories_json(const MuteSetting& setting);

}  // namespace keyward::core
