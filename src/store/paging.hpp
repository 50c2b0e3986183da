#pragma once
// Reading one page of a list together with the size of the whole list, the shape every
// portal list of the stores answers with.

#include <string>

#include "core/list_query.hpp"
#include "store/database.hpp"

namespace keyward::store {

// The rows of `select` (already ordered and limited to `query`'s page) read by `to_item`, and
// the total that `count` (a SELECT COUNT(*) over the same conditions) gives. A page that is
// not full and not beyond the end is the list's last one: its rows tell the total, and the
// count (a second pass over every match) is skipped.
template <typename T, typename ToItem>
core::Page<T> read_page(Connection& connection, const std::string& select,
                        const Params& select_params, const std::string& count,
                        const Params& count_params, const core::ListQuery& query, ToItem to_item) {
  core::Page<T> page;
  for (const Row& row : connection.query(select, select_params)) {
    page.items.push_back(to_item(row));
  }
  const auto rows = static_cast<std::int64_t>(page.items.size());
  if (rows < query.per_page && (rows > 0 || query.offset() == 0)) {
    page.total = query.offset() + rows;
  } else {
    page.total = connection.query_one(count, count_params)->int64(0);
  }
  return page;
}

}  // namespace keyward::store
