// The JSON field accessors (core/json_input.hpp): each names the field by its path in the
// error, treats null as absent and accepts nothing of the wrong type.

#include "core/json_input.hpp"

#include <gtest/gtest.h>

#include "support/expect_error.hpp"

#include <boost/json/parse.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace keyward::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

boost::json::object document() {
  return boost::json::parse(R"({
    "name": "  Acme  ",
    "empty": "",
    "nothing": null,
    "number": 42,
    "negative": -7,
    "whole_double": 8.0,
    "fraction": 8.5,
    "huge": 18446744073709551615,
    "big_double": 1e300,
    "flag": false,
    "text_flag": "false",
    "numeric_flag": 0,
    "inner": {"leaf": "value", "count": 3},
    "list": [1, 2]
  })")
      .as_object();
}

TEST(FieldPath, JoinsWithADotUnlessThePathIsEmpty) {
  EXPECT_EQ(field_path("", "name"), "name");
  EXPECT_EQ(field_path("os", "name"), "os.name");
  EXPECT_EQ(field_path("command_results[2]", "id"), "command_results[2].id");
}

TEST(RequireObject, AcceptsObjectsAndNamesTheBodyOrPathOtherwise) {
  const boost::json::value object = boost::json::parse(R"({"a":1})");
  EXPECT_EQ(require_object(object, "").size(), 1u);
  EXPECT_EQ(test::invalid_request_message([] { require_object(boost::json::parse("[]"), ""); }),
            "body: must be a JSON object");
  EXPECT_EQ(test::invalid_request_message([] { require_object(boost::json::value(nullptr), ""); }),
            "body: must be a JSON object");
  EXPECT_EQ(test::invalid_request_message([] { require_object(boost::json::parse("\"x\""), "settings"); }),
            "settings: must be a JSON object");
}

TEST(RequiredObject, ReturnsTheMemberOrNamesItsPath) {
  const auto doc = document();
  EXPECT_EQ(required_object(doc, "inner").at("leaf").as_string(), "value");
  EXPECT_EQ(test::invalid_request_message([&] { required_object(doc, "missing"); }), "missing: is required");
  EXPECT_EQ(test::invalid_request_message([&] { required_object(doc, "nothing"); }), "nothing: is required");
  EXPECT_EQ(test::invalid_request_message([&] { required_object(doc, "list"); }), "list: must be a JSON object");
  EXPECT_EQ(test::invalid_request_message([&] { required_object(doc, "name", "outer"); }),
            "outer.name: must be a JSON object");
  EXPECT_EQ(test::invalid_request_message([&] { required_object(doc, "missing", "outer"); }),
            "outer.missing: is required");
}

TEST(OptionalObject, AbsentAndNullGiveNothing) {
  const auto doc = document();
  EXPECT_EQ(optional_object(doc, "missing"), nullptr);
  EXPECT_EQ(optional_object(doc, "nothing"), nullptr);
  const auto* inner = optional_object(doc, "inner");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->at("count").as_int64(), 3);
  EXPECT_EQ(test::invalid_request_message([&] { optional_object(doc, "number", "outer"); }),
            "outer.number: must be a JSON object");
}

TEST(RequiredText, TrimsAndChecksLengthInCodePoints) {
  const auto doc = document();
  EXPECT_EQ(required_text(doc, "name", 1, 4), "Acme");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "name", 1, 3); }),
            "name: must have at most 3 characters");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "name", 5, 10); }),
            "name: must have at least 5 characters");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "empty", 1, 10); }), "empty: must not be empty");
  EXPECT_EQ(required_text(doc, "empty", 0, 10), "");
  const auto umlauts = boost::json::parse(R"({"t": "\u00e4\u00f6\u00fc"})").as_object();
  EXPECT_EQ(required_text(umlauts, "t", 3, 3), "\xc3\xa4\xc3\xb6\xc3\xbc");
}

TEST(RequiredText, MissingNullAndWrongTypeNameThePath) {
  const auto doc = document();
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "missing", 1, 10); }), "missing: is required");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "nothing", 1, 10); }), "nothing: is required");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "number", 1, 10); }), "number: must be a string");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "inner", 1, 10); }), "inner: must be a string");
  const auto& inner = doc.at("inner").as_object();
  EXPECT_EQ(required_text(inner, "leaf", 1, 10, "inner"), "value");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(inner, "count", 1, 10, "inner"); }),
            "inner.count: must be a string");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(inner, "other", 1, 10, "inner"); }),
            "inner.other: is required");
}

TEST(RequiredText, RejectsInvalidUtf8AndControlCharacters) {
  // Boost.JSON strings hold bytes; a parser configured leniently may hand over broken UTF-8.
  auto doc = document();
  doc["bad_utf8"] = std::string("ok\xc3(", 4);
  EXPECT_EQ(test::invalid_request_message([&] { required_text(doc, "bad_utf8", 0, 10); }),
            "bad_utf8: is not valid UTF-8");
  const auto controls = boost::json::parse(R"({"t": "a\u0000b", "u": "a\u001fb"})").as_object();
  EXPECT_EQ(test::invalid_request_message([&] { required_text(controls, "t", 0, 10); }),
            "t: must not contain control characters");
  EXPECT_EQ(test::invalid_request_message([&] { required_text(controls, "u", 0, 10); }),
            "u: must not contain control characters");
}

TEST(OptionalText, AbsentOrNullGivesTheFallback) {
  const auto doc = document();
  EXPECT_EQ(optional_text(doc, "missing", 10), "");
  EXPECT_EQ(optional_text(doc, "missing", 10, "default"), "default");
  EXPECT_EQ(optional_text(doc, "nothing", 10, "default"), "default");
  EXPECT_EQ(optional_text(doc, "name", 10, "default"), "Acme");
  EXPECT_EQ(optional_text(doc, "empty", 10, "default"), "");  // present but empty is kept
  EXPECT_EQ(test::invalid_request_message([&] { optional_text(doc, "flag", 10, "", "p"); }), "p.flag: must be a string");
  EXPECT_EQ(test::invalid_request_message([&] { optional_text(doc, "name", 2); }),
            "name: must have at most 2 characters");
}

TEST(RequiredInteger, AcceptsIntegersAndWholeDoublesWithinRange) {
  const auto doc = document();
  EXPECT_EQ(required_integer(doc, "number", 0, 100), 42);
  EXPECT_EQ(required_integer(doc, "negative", -10, 0), -7);
  EXPECT_EQ(required_integer(doc, "whole_double", 0, 100), 8);
  EXPECT_EQ(required_integer(doc, "number", 42, 42), 42);
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "number", 0, 41); }),
            "number: must be between 0 and 41");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "negative", 0, kMax); }),
            "negative: must be between 0 and 9223372036854775807");
  const auto extremes =
      boost::json::parse(R"({"max": 9223372036854775807, "min": -9223372036854775808})")
          .as_object();
  EXPECT_EQ(required_integer(extremes, "max", kMin, kMax), kMax);
  EXPECT_EQ(required_integer(extremes, "min", kMin, kMax), kMin);
}

TEST(RequiredInteger, RejectsFractionsStringsBooleansAndHugeNumbers) {
  const auto doc = document();
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "fraction", 0, 100); }),
            "fraction: must be a whole number");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "name", 0, 100); }),
            "name: must be a whole number");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "flag", 0, 100); }),
            "flag: must be a whole number");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "list", 0, 100); }),
            "list: must be a whole number");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "huge", 0, kMax); }), "huge: is too large");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "big_double", 0, kMax); }),
            "big_double: must be a whole number");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "missing", 0, 1); }), "missing: is required");
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(doc, "nothing", 0, 1); }), "nothing: is required");
  const auto& inner = doc.at("inner").as_object();
  EXPECT_EQ(test::invalid_request_message([&] { required_integer(inner, "leaf", 0, 1, "inner"); }),
            "inner.leaf: must be a whole number");
}

TEST(OptionalInteger, AbsentAndNullGiveNothingElseTheRulesOfRequired) {
  const auto doc = document();
  EXPECT_EQ(optional_integer(doc, "missing", 0, 10), std::nullopt);
  EXPECT_EQ(optional_integer(doc, "nothing", 0, 10), std::nullopt);
  EXPECT_EQ(optional_integer(doc, "number", 0, 100), 42);
  EXPECT_EQ(optional_integer(doc, "whole_double", 0, 100), 8);
  EXPECT_EQ(test::invalid_request_message([&] { optional_integer(doc, "number", 0, 10, "q"); }),
            "q.number: must be between 0 and 10");
  EXPECT_EQ(test::invalid_request_message([&] { optional_integer(doc, "fraction", 0, 10); }),
            "fraction: must be a whole number");
}

TEST(RequiredBool, OnlyJsonBooleans) {
  const auto doc = document();
  EXPECT_FALSE(required_bool(doc, "flag"));
  const auto yes = boost::json::parse(R"({"on": true})").as_object();
  EXPECT_TRUE(required_bool(yes, "on"));
  EXPECT_EQ(test::invalid_request_message([&] { required_bool(doc, "text_flag"); }), "text_flag: must be true or false");
  EXPECT_EQ(test::invalid_request_message([&] { required_bool(doc, "numeric_flag", "p"); }),
            "p.numeric_flag: must be true or false");
  EXPECT_EQ(test::invalid_request_message([&] { required_bool(doc, "missing"); }), "missing: is required");
  EXPECT_EQ(test::invalid_request_message([&] { required_bool(doc, "nothing"); }), "nothing: is required");
}

TEST(JsonInput, OptionalBoolTreatsAbsentAndNullAsTheFallback) {
  const auto doc = document();
  EXPECT_FALSE(optional_bool(doc, "flag", true));
  EXPECT_TRUE(optional_bool(doc, "absent", true));
  EXPECT_FALSE(optional_bool(doc, "nothing", false));
  EXPECT_EQ(test::invalid_request_message([&] { optional_bool(doc, "text_flag", true); }),
            "text_flag: must be true or false");
}

TEST(JsonInput, UnknownFieldsAreNamedWithTheirPath) {
  const auto doc = document();
  EXPECT_NO_THROW(reject_unknown_fields(doc.at("inner").as_object(), {"leaf", "count"}));
  EXPECT_EQ(test::invalid_request_message(
                [&] { reject_unknown_fields(doc.at("inner").as_object(), {"leaf"}, "inner"); }),
            "inner.count: is not a known field");
}

}  // namespace
}  // namespace keyward::core
