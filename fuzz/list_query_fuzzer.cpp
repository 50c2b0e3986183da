// The query string of every portal list (q, sort, page, per_page): a 400 naming the parameter
// or a query the store can run as it is.

#include <array>

#include "core/list_query.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace keyward;
  const auto parts = fuzz::fields(fuzz::as_text(data, size), 4);
  const core::ListQueryInput input{parts[0], parts[1], parts[2], parts[3]};
  static constexpr std::array<std::string_view, 3> kSortKeys = {"name", "expires_at", "seats"};
  fuzz::expect_only_core_errors([&] {
    const core::ListQuery query = core::parse_list_query(input, kSortKeys, "name");
    if (query.q.size() > core::kMaxSearchLength * 4 || !core::is_valid_utf8(query.q)) {
      fuzz::violated("search text", query.q);
    }
    if (std::find(kSortKeys.begin(), kSortKeys.end(), query.sort) == kSortKeys.end()) {
      fuzz::violated("sort key outside the list's keys", query.sort);
    }
    if (query.page < 1 || !core::is_page_size(query.per_page)) fuzz::violated("paging");
    if (query.offset() < 0) fuzz::violated("offset overflow");
  });
  return 0;
}
