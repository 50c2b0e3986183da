#pragma once
// IP addresses as text: the one form in which two spellings of an address compare equal.

#include <optional>
#include <string>
#include <string_view>

namespace keyward::core {

// "10.0.0.7", "2001:db8::1" (from "2001:DB8:0::1"); nothing for anything that is not an IPv4
// or IPv6 address.
std::optional<std::string> canonical_ip_address(std::string_view text);

}  // namespace keyward::core
