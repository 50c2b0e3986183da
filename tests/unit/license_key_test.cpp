#include "core/license_key.hpp"

#include <gtest/gtest.h>

namespace keyward::core {
namespace {

LicenseKeyBytes counting_bytes() {
  LicenseKeyBytes bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 17);
  return bytes;
}

TEST(LicenseKey, FormatsSixteenBytesAsGroupedLowerCaseHex) {
  EXPECT_EQ(format_license_key(counting_bytes()), "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(LicenseKey, NormalizeKeepsCanonicalKey) {
  EXPECT_EQ(normalize_license_key("00112233-4455-6677-8899-aabbccddeeff"),
            "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(LicenseKey, NormalizeAcceptsUpperCaseSpacesAndMissingDashes) {
  EXPECT_EQ(normalize_license_key("  00112233445566778899AABBCCDDEEFF\n"),
            "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(LicenseKey, NormalizeRejectsWhatIsNotAKey) {
  EXPECT_FALSE(normalize_license_key(""));
  EXPECT_FALSE(normalize_license_key("00112233-4455-6677-8899-aabbccddeef"));
  EXPECT_FALSE(normalize_license_key("00112233-4455-6677-8899-aabbccddeefg"));
  EXPECT_FALSE(normalize_license_key("0011223-34455-6677-8899-aabbccddeeff"));
  EXPECT_FALSE(normalize_license_key("00112233--455-6677-8899-aabbccddeeff"));
  EXPECT_FALSE(normalize_license_key("' OR 1=1 --"));
}

}  // namespace
}  // namespace keyward::core
