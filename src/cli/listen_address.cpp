#include "cli/listen_address.hpp"

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::cli {

ListenAddress parse_listen_address(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw core::invalid_request("--listen", "must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) {
      throw core::invalid_request("--listen", "an IPv6 host must be written as [ADDRESS]:PORT");
    }
    host = host.substr(1, host.size() - 2);
  }
  const auto port = core::parse_integer("--listen port", text.substr(colon + 1), 0, 65535);
  return {host, static_cast<std::uint16_t>(port)};
}

}  // namespace keyward::cli
