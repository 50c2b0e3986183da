#pragma once
// One page of a list and its total, as the portal's lists answer them
// ({"items":[…],"total":N,…}), and the two statements that read it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/list_query.hpp"
#include "store/database.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {

template <typename Item>
struct ListPage {
  std::vector<Item> items;
  std::int64_t total = 0;  // over all pages
};

// `SELECT COUNT(*) <from_where>` for the total, then `SELECT <columns> <from_where> <order_by>`
// limited to the query's page. `from_where` is "FROM … WHERE …" with its placeholders bound
// in `params`; each row becomes an item through `to_item`.
template <typename Item, typename ToItem>
ListPage<Item> read_page(Connection& connection, std::string_view columns,
                         const std::string& from_where, const Params& params,
                         const std::string& order_by, const core::ListQuery& query,
                         ToItem to_item) {
  ListPage<Item> page;
  page.total = connection.query_one("SELECT COUNT(*) " + from_where, params)->int64(0);
  Params page_params = params;
  const std::string sql = "SELECT " + std::string(columns) + " " + from_where + order_by +
                          page_clause(query, page_params);
  for (const Row& row : connection.query(sql, page_params)) page.items.push_back(to_item(row));
  return page;
}

}  // namespace keyward::store
