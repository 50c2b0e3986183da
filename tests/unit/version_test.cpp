#include "core/version.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace keyward::core {
namespace {

TEST(Version, ParsesOneToFourNumericParts) {
  EXPECT_EQ(Version::parse("3").part_count(), 1u);
  EXPECT_EQ(Version::parse("2.9").part_count(), 2u);
  const Version full = Version::parse("3.2.34");
  EXPECT_EQ(full.part_count(), 3u);
  EXPECT_EQ(full.part(0), 3u);
  EXPECT_EQ(full.part(1), 2u);
  EXPECT_EQ(full.part(2), 34u);
  const Version build = Version::parse("3.0.0.1234");
  EXPECT_EQ(build.part_count(), 4u);
  EXPECT_EQ(build.part(3), 1234u);
}

TEST(Version, ToStringGivesBackTheReportedText) {
  for (const char* text : {"3", "2.9", "3.2.34", "3.0.0.1234", "0.0", "10.0.999999999"}) {
    EXPECT_EQ(Version::parse(text).to_string(), text);
  }
}

TEST(Version, RejectsEverythingButOneToFourDecimalParts) {
  for (const char* text : {"", ".", "3.", ".3", "3..2", "1.2.3.4.5", "v3.2", "3.2 ", " 3.2", "-1",
                           "+1", "3.2-beta", "3,2", "3.02", "00", "1234567890", "3.x"}) {
    EXPECT_THROW(Version::parse(text), Error) << '"' << text << '"';
    EXPECT_FALSE(Version::try_parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(Version, ParseErrorIsInvalidRequestNamingTheField) {
  try {
    Version::parse("3.x", "minimum_version");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
    EXPECT_EQ(error.code(), "invalid_request");
    EXPECT_EQ(std::string(error.what()).rfind("minimum_version: ", 0), 0u) << error.what();
  }
}

TEST(Version, OrdersNumericallyNotAsText) {
  EXPECT_LT(Version::parse("3.9"), Version::parse("3.10"));
  EXPECT_LT(Version::parse("3.2.4"), Version::parse("3.2.34"));
  EXPECT_LT(Version::parse("2.9"), Version::parse("3.0.0"));
  EXPECT_LT(Version::parse("3.2.34"), Version::parse("3.2.34.1"));
  EXPECT_GT(Version::parse("4"), Version::parse("3.99.99.99"));
  EXPECT_EQ(Version::parse("3.2.34"), Version::parse("3.2.34"));
  EXPECT_NE(Version::parse("3.2.34"), Version::parse("3.2.35"));
}

TEST(Version, MissingTrailingPartsCountAsZero) {
  EXPECT_EQ(Version::parse("3.0"), Version::parse("3.0.0"));
  EXPECT_EQ(Version::parse("3"), Version::parse("3.0.0.0"));
  EXPECT_FALSE(Version::parse("3.0") < Version::parse("3.0.0"));
  EXPECT_GT(Version::parse("3.0.0.1"), Version::parse("3.0"));
}

TEST(Version, TryParseAcceptsWhatParseAccepts) {
  const auto version = Version::try_parse("3.2.34");
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, Version::parse("3.2.34"));
}

}  // namespace
}  // namespace keyward::core
