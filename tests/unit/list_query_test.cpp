#include "core/list_query.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"


namespace keyward::core {
namespace {

constexpr std::string_view kKeys[] = {"name", "expires_at"};

ListQuery parse(ListQueryInput input) { return parse_list_query(input, kKeys, "name"); }

// The code of the invalid_request error that parsing `input` throws, or "(no error)".
std::string refusal(ListQueryInput input) {
  try {
    parse(std::move(input));
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
    return error.code();
  }
  return "(no error)";
}

TEST(ListQuery, DefaultsToTheFirstPageOf25InTheDefaultOrder) {
  const ListQuery query = parse({});
  EXPECT_EQ(query.q, "");
  EXPECT_EQ(query.sort, "name");
  EXPECT_FALSE(query.descending);
  EXPECT_EQ(query.page, 1);
  EXPECT_EQ(query.per_page, 25);
  EXPECT_EQ(query.offset(), 0);
}

TEST(ListQuery, ReadsSortDirectionPageAndPageSize) {
  const ListQuery query = parse({.q = "  berg ", .sort = "-expires_at", .page = "3", .per_page = "50"});
  EXPECT_EQ(query.q, "berg");
  EXPECT_EQ(query.sort, "expires_at");
  EXPECT_TRUE(query.descending);
  EXPECT_EQ(query.offset(), 100);
}

TEST(ListQuery, AcceptsOnlyTheListedPageSizes) {
  for (const char* size : {"10", "25", "50", "100"}) EXPECT_NO_THROW(parse({.per_page = size}));
  for (const char* size : {"1000", "0", "11", "-25", "ten", ""}) {
    EXPECT_EQ(refusal({.per_page = size}), "invalid_request")
        << size;
  }
}

TEST(ListQuery, RejectsUnknownSortKeysPagesAndLongSearches) {
  EXPECT_EQ(refusal({.sort = "password_hash"}), "invalid_sort");
  EXPECT_EQ(refusal({.sort = "--name"}), "invalid_sort");
  EXPECT_EQ(refusal({.page = "0"}), "invalid_request");
  EXPECT_EQ(refusal({.page = "1e3"}), "invalid_request");
  EXPECT_EQ(refusal({.q = std::string(10 * 1024, 'x')}), "invalid_request");
  EXPECT_EQ(refusal({.q = "\xff\xfe"}), "invalid_request");
}

TEST(ListQuery, KeepsWildcardsAndQuotesAsPlainText) {
  EXPECT_EQ(parse({.q = "50% _off' \"x\""}).q, "50% _off' \"x\"");
}

}  // namespace
}  // namespace keyward::core
