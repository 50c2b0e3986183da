#pragma once
// Reading the Cookie header and writing Set-Cookie values (RFC 6265).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace keyward::http {

// The value of the cookie `name`, or nullopt.
std::optional<std::string> cookie(const Request& request, std::string_view name);

struct CookieOptions {
  bool http_only = true;
  bool secure = false;  // set when the request came over TLS
  std::string_view same_site = "Strict";
  std::string_view path = "/";
  std::optional<std::int64_t> max_age_s;  // empty: a session cookie; 0 deletes it
};

// A Set-Cookie header value. `value` must be a cookie-octet string (tokens are).
std::string set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options);

}  // namespace keyward::http
