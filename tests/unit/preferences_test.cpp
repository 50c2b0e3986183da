// User preferences: every field is checked against the known columns and page sizes, and a
// stored document from another version never prevents a sign-in.

#include "core/preferences.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/expect_error.hpp"

namespace keyward::core {
namespace {

using test::invalid_request_message;

Preferences parse(const std::string& text) {
  return parse_preferences(boost::json::parse(text).as_object());
}

TEST(Preferences, AbsentFieldsTakeTheirDefaults) {
  EXPECT_EQ(parse("{}"), default_preferences(Language::en));
  const Preferences chosen = parse(
      R"({"language":"de","licenses":{"columns":["key","name"],"per_page":100},
          "devices":{"per_page":10},"hide_expired":true})");
  EXPECT_EQ(chosen.language, Language::de);
  EXPECT_EQ(chosen.licenses.columns, (std::vector<std::string>{"key", "name"}));
  EXPECT_EQ(chosen.licenses.per_page, 100);
  EXPECT_EQ(chosen.devices.columns, default_preferences(Language::en).devices.columns);
  EXPECT_EQ(chosen.devices.per_page, 10);
  EXPECT_TRUE(chosen.hide_expired);
}

TEST(Preferences, InvalidFieldsAreNamed) {
  EXPECT_EQ(invalid_request_message([] { parse(R"({"language":"fr"})"); }),
            "language: must be en or de");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"licenses":{"per_page":30}})"); }),
            "licenses.per_page: must be 10, 25, 50 or 100");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"devices":{"per_page":1000}})"); }),
            "devices.per_page: must be 10, 25, 50 or 100");
  EXPECT_EQ(
      invalid_request_message([] { parse(R"({"devices":{"columns":["hostname","os_name"]}})"); }),
      "devices.columns[1]: unknown column \"os_name\"");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"licenses":{"columns":["name","name"]}})"); }),
            "licenses.columns[1]: column \"name\" is listed twice");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"licenses":{"columns":[]}})"); }),
            "licenses.columns: must name at least one column");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"licenses":{"columns":"name"}})"); }),
            "licenses.columns: must be an array of column names");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"hide_expired":"yes"})"); }),
            "hide_expired: must be true or false");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"theme":"dark"})"); }),
            "theme: is not a preference");
  EXPECT_EQ(invalid_request_message([] { parse(R"({"devices":{"sort":"name"}})"); }),
            "devices.sort: is not a preference");
}

TEST(Preferences, StoreAndReadBackWithoutTheLanguage) {
  Preferences preferences =
      parse(R"({"language":"de","devices":{"columns":["status"]},"hide_expired":true})");
  const std::string stored = stored_preferences(preferences);
  EXPECT_EQ(stored.find("language"), std::string::npos) << stored;
  EXPECT_EQ(read_stored_preferences(stored, Language::de), preferences);
}

TEST(Preferences, AnOutdatedStoredPartFallsBackToItsDefaultsAlone) {
  const Preferences read = read_stored_preferences(
      R"({"licenses":{"columns":["retired_column"]},"devices":{"per_page":50},"hide_expired":true})",
      Language::en);
  EXPECT_EQ(read.licenses, default_preferences(Language::en).licenses);
  EXPECT_EQ(read.devices.per_page, 50);
  EXPECT_TRUE(read.hide_expired);
  EXPECT_EQ(read_stored_preferences("not json", Language::de), default_preferences(Language::de));
}

}  // namespace
}  // namespace keyward::core
