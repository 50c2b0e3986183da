#pragma once
// One page of a list and its total, as the portal's lists answer them
// ({"items":[…],"total":N,…}), read from the parts of one SELECT.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/list_query.hpp"
#include "store/database.hpp"
#include "store/paging.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {

template <typename Item>
using ListPage = core::Page<Item>;

// `SELECT <columns> <from_where> <order_by>` limited to the query's page, and its total by
// `SELECT COUNT(*) <from_where>` (see store/paging.hpp). `from_where` is "FROM … WHERE …"
// with its placeholders bound in `params`; each row becomes an item through `to_item`.
template <typename Item, typename ToItem>
ListPage<Item> read_page(Connection& connection, std::string_view columns,
                         const std::string& from_where, const Params& params,
                         const std::string& order_by, const core::ListQuery& query,
                         ToItem to_item) {
  Params page_params = params;
  const std::string sql = "SELECT " + std::string(columns) + " " + from_where + order_by +
                          page_clause(query, page_params);
  return read_page<Item>(connection, sql, page_params, "SELECT COUNT(*) " + from_where, params,
                         query, to_item);
}

}  // namespace keyward::store
