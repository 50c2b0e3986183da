#pragma once
// Headers that every response carries, so no handler can forget them. The server writes them
// while serialising the response head rather than adding them to Response::headers, which
// would cost several allocations per request.

#include <span>
#include <string_view>

namespace keyward::http {

struct DefaultHeader {
  std::string_view name;  // lower case, as in Response::headers
  std::string_view value;
  bool tls_only = false;
};

// The CSP, nosniff, frame, referrer and (over TLS) HSTS headers; a handler's own value for one
// of them wins.
std::span<const DefaultHeader> security_headers();

// The Server header's value, whatever a handler set: a product name without a version gives
// scanners nothing to match against.
inline constexpr std::string_view kServerName = "Keyward";

}  // namespace keyward::http
