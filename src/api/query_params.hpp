#pragma once
// Filters of the portal lists read from the query string, each validated and named in its
// error like the list parameters (api::list_query).

#include <cstdint>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace keyward::api {

// An optional numeric query parameter naming an object (`customer_id=7`): empty when absent,
// 400 naming the parameter unless it is a positive whole number.
std::optional<std::int64_t> id_query_param(const http::Request& request, const std::string& name);

// An optional `true` / `false` query parameter; 400 naming the parameter for anything else.
bool bool_query_param(const http::Request& request, const std::string& name, bool fallback);

}  // namespace keyward::api
