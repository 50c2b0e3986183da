#include "core/ip_address.hpp"

#include <arpa/inet.h>

#include <array>

namespace keyward::core {

std::optional<std::string> canonical_ip_address(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string address(text);
  std::array<unsigned char, 16> binary{};
  std::array<char, INET6_ADDRSTRLEN> canonical{};
  for (const int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, address.c_str(), binary.data()) == 1 &&
        inet_ntop(family, binary.data(), canonical.data(), canonical.size()) != nullptr) {
      return std::string(canonical.data());
    }
  }
  return std::nullopt;
}

}  // namespace keyward::core
