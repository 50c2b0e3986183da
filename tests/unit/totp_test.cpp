// TOTP (RFC 6238) and HOTP (RFC 4226) against the RFCs' own test vectors, the accepted
// window of ±1 step, and base32 secrets as authenticator apps read them.

#include "core/totp.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/recovery_codes.hpp"

namespace keyward::core {
namespace {

// The SHA-1 seed of RFC 6238 Appendix B and RFC 4226 Appendix D.
Bytes rfc_secret() {
  const std::string seed = "12345678901234567890";
  return Bytes(seed.begin(), seed.end());
}

TEST(Hotp, MatchesTheRfc4226TestVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp(rfc_secret(), counter), expected[counter]) << "counter " << counter;
  }
}

TEST(Totp, MatchesTheRfc6238Sha1TestVectors) {
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [time, code] : vectors) {
    EXPECT_EQ(hotp(rfc_secret(), static_cast<std::uint64_t>(totp_step(time)), 8), code)
        << "time " << time;
  }
}

TEST(Totp, AcceptsTheCurrentAndTheNeighbouringStepsOnly) {
  const std::int64_t now = 1111111111;  // step 37037037
  const std::int64_t step = totp_step(now);
  EXPECT_EQ(step, 37037037);
  const auto code_at = [&](std::int64_t s) {
    return hotp(rfc_secret(), static_cast<std::uint64_t>(s));
  };
  EXPECT_EQ(match_totp(rfc_secret(), code_at(step), now), step);
  EXPECT_EQ(match_totp(rfc_secret(), code_at(step - 1), now), step - 1);
  EXPECT_EQ(match_totp(rfc_secret(), code_at(step + 1), now), step + 1);
  EXPECT_EQ(match_totp(rfc_secret(), code_at(step - 2), now), std::nullopt);
  EXPECT_EQ(match_totp(rfc_secret(), code_at(step + 2), now), std::nullopt);
}

TEST(Totp, RejectsCodesOfTheWrongShape) {
  const std::int64_t now = 1111111111;
  const std::string code = hotp(rfc_secret(), static_cast<std::uint64_t>(totp_step(now)));
  EXPECT_EQ(match_totp(rfc_secret(), "", now), std::nullopt);
  EXPECT_EQ(match_totp(rfc_secret(), code.substr(0, 5), now), std::nullopt);
  EXPECT_EQ(match_totp(rfc_secret(), code + "0", now), std::nullopt);
  EXPECT_EQ(match_totp(rfc_secret(), "abcdef", now), std::nullopt);
}

TEST(Base32, EncodesAndDecodesRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "MY"},
                                                         {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"},
                                                         {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    const Bytes bytes(plain.begin(), plain.end());
    EXPECT_EQ(base32_encode(bytes), encoded);
    EXPECT_EQ(base32_decode(encoded), bytes);
  }
  EXPECT_EQ(base32_encode(rfc_secret()), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32, DecodingIgnoresCaseSpacesAndPaddingButNotOtherCharacters) {
  const std::string foobar = "foobar";
  EXPECT_EQ(base32_decode("mzxw 6ytb oi======"), Bytes(foobar.begin(), foobar.end()));
  EXPECT_EQ(base32_decode("MZXW1"), std::nullopt);
  EXPECT_EQ(base32_decode("MZ-XW"), std::nullopt);
}

TEST(Totp, TheOtpauthUriNamesIssuerAccountAndParameters) {
  EXPECT_EQ(otpauth_uri("Keyward", "anna+it@northwind.example", "GEZDGNBV"),
            "otpauth://totp/Keyward:anna%2Bit%40northwind.example?secret=GEZDGNBV&issuer=Keyward"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(RecoveryCodes, AreFourGroupsOfFourAndAcceptedInAnySpelling) {
  const std::array<std::uint8_t, kRecoveryCodeBytes> bytes = {0x00, 0x44, 0x32, 0x14, 0xc7,
                                                              0x42, 0x54, 0xb6, 0x35, 0xcf};
  const std::string code = format_recovery_code(bytes);
  EXPECT_EQ(code, "abcd-efgh-ijkl-mnop");
  EXPECT_EQ(normalize_recovery_code(code), "abcdefghijklmnop");
  EXPECT_EQ(normalize_recovery_code(" ABCD EFGH-ijkl-MNOP "), "abcdefghijklmnop");
}

}  // namespace
}  // namespace keyward::core
