#include "core/validation.hpp"

#include <gtest/gtest.h>

#include "support/expect_error.hpp"

#include "core/error.hpp"

namespace keyward::core {
namespace {

TEST(Validation, Utf8AcceptsMultiByteText) {
  EXPECT_TRUE(is_valid_utf8("Lüneburg – 東京 🚀"));
  EXPECT_EQ(utf8_length("Lüneburg"), 8u);
}

TEST(Validation, Utf8RejectsBrokenOverlongAndSurrogateSequences) {
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

TEST(Validation, RequireTextTrimsAndNamesTheField) {
  EXPECT_EQ(require_text("name", "  Acme  ", 1, 10), "Acme");
  EXPECT_EQ(test::invalid_request_message([] { require_text("name", "   ", 1, 10); }), "name: must not be empty");
  EXPECT_EQ(test::invalid_request_message([] { require_text("name", "abcdefghijk", 1, 10); }),
            "name: must have at most 10 characters");
  EXPECT_EQ(test::invalid_request_message([] { require_text("name", "a\x01z", 1, 10); }),
            "name: must not contain control characters");
  EXPECT_EQ(test::invalid_request_message([] { require_text("name", "\xff", 1, 10); }), "name: is not valid UTF-8");
}

TEST(Validation, MultilineTextKeepsLineBreaks) {
  EXPECT_EQ(require_multiline_text("body", "one\ntwo", 1, 100), "one\ntwo");
  EXPECT_THROW(require_text("body", "one\ntwo", 1, 100), Error);
}

TEST(Validation, EmailIsLowerCasedAndChecked) {
  EXPECT_EQ(require_email("email", " Admin@Example.COM "), "admin@example.com");
  for (const char* bad : {"admin", "@example.com", "a@b", "a@@b.com", "a b@c.de", "a@.de",
                          "a@b.", "a@b..de"}) {
    EXPECT_THROW(require_email("email", bad), Error) << bad;
  }
}

TEST(Validation, ParseIntegerRejectsGarbageAndOutOfRange) {
  EXPECT_EQ(parse_integer("seats", "50", 1, 100), 50);
  EXPECT_EQ(test::invalid_request_message([] { parse_integer("seats", "5x", 1, 100); }),
            "seats: must be a whole number");
  EXPECT_EQ(test::invalid_request_message([] { parse_integer("seats", "0", 1, 100); }),
            "seats: must be between 1 and 100");
  EXPECT_THROW(parse_integer("seats", "", 1, 100), Error);
  EXPECT_THROW(parse_integer("seats", "99999999999999999999", 1, 100), Error);
}

}  // namespace
}  // namespace keyward::core
