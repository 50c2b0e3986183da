#include "core/license_terms.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "support/expect_error.hpp"

namespace keyward::core {
namespace {

constexpr std::int64_t k2026_11_28_noon = 1795867200;  // 2026-11-28T12:00:00Z
constexpr std::int64_t k2028_02_29_noon = 1835438400;  // 2028-02-29T12:00:00Z

TEST(LicenseTerms, OnlyOneTwoThreeOrFiveYears) {
  for (int years : {1, 2, 3, 5}) EXPECT_EQ(require_term_years(years), years);
  for (int years : {0, 4, 6, -1}) EXPECT_THROW(require_term_years(years), Error);
}

TEST(LicenseTerms, SeatsArePositiveAndBounded) {
  EXPECT_EQ(require_seats(50), 50);
  EXPECT_THROW(require_seats(0), Error);
  EXPECT_THROW(require_seats(100001), Error);
}

TEST(LicenseTerms, ExpiresAtTheEndOfTheSameDayYearsLater) {
  EXPECT_EQ(format_timestamp(k2026_11_28_noon), "2026-11-28T12:00:00Z");
  EXPECT_EQ(format_timestamp(expiry_after_years(k2026_11_28_noon, 1)), "2027-11-28T23:59:59Z");
  EXPECT_EQ(format_timestamp(expiry_after_years(k2026_11_28_noon, 5)), "2031-11-28T23:59:59Z");
}

TEST(LicenseTerms, LeapDayExpiresOnTheTwentyEighth) {
  EXPECT_EQ(format_date(expiry_after_years(k2028_02_29_noon, 1)), "2029-02-28");
  EXPECT_EQ(format_date(expiry_after_years(k2028_02_29_noon, 4 + 1)), "2033-02-28");
}

TEST(LicenseTerms, NotifyAtIsAnActivationCountUpToTheSeats) {
  EXPECT_EQ(require_notify_at(1, 10), 1);
  EXPECT_EQ(require_notify_at(10, 10), 10);
  EXPECT_THROW(require_notify_at(11, 10), Error);
  EXPECT_THROW(require_notify_at(0, 10), Error);
  EXPECT_EQ(require_notify_at(5000, std::nullopt), 5000) << "msp licenses have no seat total";
}

TEST(LicenseTerms, ExpiredOnlyAfterTheLastSecond) {
  const std::int64_t expires = expiry_after_years(k2026_11_28_noon, 1);
  EXPECT_FALSE(is_expired(expires, expires));
  EXPECT_TRUE(is_expired(expires, expires + 1));
}

TEST(LicenseTerms, TheSeatFieldIsNamedInTheError) {
  EXPECT_EQ(test::invalid_request_message([] { require_seats(0, "seats_total"); }),
            "seats_total: must be between 1 and 100000");
}

TEST(LicenseTerms, AnExpiryDateMeansTheEndOfThatDay) {
  EXPECT_EQ(format_timestamp(parse_expiry("expires_at", "2027-06-30")), "2027-06-30T23:59:59Z");
  EXPECT_EQ(format_timestamp(parse_expiry("expires_at", "2027-06-30T08:15:00Z")),
            "2027-06-30T08:15:00Z");
  for (const char* bad : {"2027-02-30", "30.06.2027", "2027-06-30T24:00:00Z", "2027-06-30 08:15",
                          "2027-6-30", "", "1969-12-31"}) {
    EXPECT_EQ(test::invalid_request_message([&] { parse_expiry("expires_at", bad); }),
              "expires_at: must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        << bad;
  }
}

TEST(LicenseTerms, AnExpiredLicenseIsReadOnly) {
  const std::int64_t expires = expiry_after_years(k2026_11_28_noon, 1);
  EXPECT_NO_THROW(require_unexpired(expires, expires));
  try {
    require_unexpired(expires, expires + 1);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
    EXPECT_EQ(error.code(), "license_expired");
  }
}

TEST(TimeFormat, TimestampsAndDatesParseBack) {
  EXPECT_EQ(parse_timestamp(format_timestamp(k2026_11_28_noon)), k2026_11_28_noon);
  EXPECT_EQ(parse_date("2026-11-28"), k2026_11_28_noon - 12 * 3600);
  EXPECT_EQ(parse_date("2026-11-28T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2026-11-28"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2026-11-28T12:00:60Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2026-11-28T12:00:00+01:00"), std::nullopt);
}

}  // namespace
}  // namespace keyward::core
