#pragma once
// The conventions every list of the portal API shares: a search text `q`, a sort key
// (`name` ascending, `-name` descending) from the list's own whitelist, and paging with
// page sizes 10/25/50/100. Validated here once, so each list only names its sort keys.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keyward::core {

inline constexpr std::int64_t kDefaultPageSize = 25;
inline constexpr std::size_t kMaxSearchLength = 200;

struct ListQuery {
  std::string q;           // trimmed; empty means no search
  std::string sort;        // one of the list's sort keys, without the '-'
  bool descending = false;
  std::int64_t page = 1;   // 1-based; a page beyond the end is simply empty
  std::int64_t per_page = kDefaultPageSize;

  std::int64_t offset() const { return (page - 1) * per_page; }
};

// One page of a list and how many items the whole list has.
template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

// The raw query-string values; absent ones take the defaults.
struct ListQueryInput {
  std::optional<std::string> q;
  std::optional<std::string> sort;
  std::optional<std::string> page;
  std::optional<std::string> per_page;
};

// Whether `size` is one of the page sizes lists offer (10, 25, 50, 100).
bool is_page_size(std::int64_t size);

// Throws core::Error invalid_request naming the parameter: `q` longer than 200 characters
// or not valid UTF-8, a sort key outside `sort_keys` (code `invalid_sort`), a page that is
// not a positive whole number, a page size other than 10, 25, 50 or 100.
ListQuery parse_list_query(const ListQueryInput& input, std::span<const std::string_view> sort_keys,
                           std::string_view default_sort);

}  // namespace keyward::core
