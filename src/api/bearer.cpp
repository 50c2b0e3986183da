#include "api/bearer.hpp"

#include <algorithm>

namespace keyward::api {

std::optional<std::string> bearer_token(const http::Request& request) {
  constexpr std::string_view kScheme = "Bearer ";
  constexpr std::size_t kMaxToken = 256;
  const auto header = request.header("authorization");
  if (!header || header->size() <= kScheme.size() || !header->starts_with(kScheme)) {
    return std::nullopt;
  }
  std::string token = header->substr(kScheme.size());
  const bool printable = std::all_of(token.begin(), token.end(),
                                     [](unsigned char c) { return c > 0x20 && c < 0x7f; });
  if (!printable || token.size() > kMaxToken) return std::nullopt;
  return token;
}

}  // namespace keyward::api
