#include "http/cookies.hpp"

namespace keyward::http {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::string> find_in_header(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    const std::string_view pair = trimmed(header.substr(0, end));
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      std::string_view value = pair.substr(equals + 1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> cookie(const Request& request, std::string_view name) {
  // Browsers send a single Cookie header over HTTP/1.1.
  const auto header = request.header("cookie");
  if (!header) return std::nullopt;
  return find_in_header(*header, name);
}

std::string set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options) {
  std::string header = std::string(name) + "=" + std::string(value);
  header += "; Path=" + std::string(options.path);
  if (options.max_age_s) header += "; Max-Age=" + std::to_string(*options.max_age_s);
  if (options.http_only) header += "; HttpOnly";
  if (options.secure) header += "; Secure";
  header += "; SameSite=" + std::string(options.same_site);
  return header;
}

}  // namespace keyward::http
