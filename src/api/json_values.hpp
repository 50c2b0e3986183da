#pragma once
// Optional values as JSON: null when empty; times as ISO 8601 UTC strings.

#include <boost/json/value.hpp>
#include <optional>

#include "core/entities.hpp"
#include "core/time_format.hpp"

namespace keyward::api {

inline boost::json::value time_or_null(const std::optional<core::UnixTime>& time) {
  return time ? boost::json::value(core::format_timestamp(*time)) : boost::json::value(nullptr);
}

inline boost::json::value int_or_null(const std::optional<std::int64_t>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

}  // namespace keyward::api
