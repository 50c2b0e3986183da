#pragma once
// Parsing of --listen HOST:PORT (IPv6 in brackets: [::1]:8080).

#include <cstdint>
#include <string>

namespace keyward::cli {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// Throws core::Error invalid_request naming --listen when the text is not HOST:PORT.
ListenAddress parse_listen_address(const std::string& text);

}  // namespace keyward::cli
