#include "api/query_params.hpp"

#include <cstdint>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::api {

std::optional<std::int64_t> id_query_param(const http::Request& request, const std::string& name) {
  const auto text = request.query_param(name);
  if (!text) return std::nullopt;
  return core::parse_integer(name, *text, 1, INT64_MAX);
}

bool bool_query_param(const http::Request& request, const std::string& name, bool fallback) {
  const auto text = request.query_param(name);
  if (!text) return fallback;
  if (*text == "true") return true;
  if (*text == "false") return false;
  throw core::invalid_request(name, "must be true or false");
}

}  // namespace keyward::api
