// IP addresses in canonical text form, so that trusted proxies match however they are spelt.

#include "core/ip_address.hpp"

#include <gtest/gtest.h>

namespace keyward::core {
namespace {

TEST(IpAddress, CanonicalFormsOfV4AndV6) {
  EXPECT_EQ(canonical_ip_address("10.0.0.7"), "10.0.0.7");
  EXPECT_EQ(canonical_ip_address("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(canonical_ip_address("::1"), "::1");
}

TEST(IpAddress, AnythingElseIsNoAddress) {
  for (const char* text :
       {"", "10.0.0", "10.0.0.256", "host.example", "10.0.0.7:8080", " 10.0.0.7", "unknown"}) {
    EXPECT_EQ(canonical_ip_address(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace keyward::core
