#pragma once
// Reading one page of a list together with the size of the whole list, the shape every
// portal list of the stores answers with.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/list_query.hpp"
#include "store/database.hpp"
#include "store/sql_helpers.hpp"

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

// A searched list in one statement. `matches` ("SELECT <alias>.id AS id, <sort expression> AS
// sort_key FROM … WHERE …", its placeholders bound in `params`) runs once; its rows are
// counted and sorted, and only the page's rows are joined to their `columns` by `joins`
// ("JOIN <table> <alias> ON <alias>.id = page.id …"). So a search finds its matches once
// instead of once for the page and again for the total, and reads the wide columns of the
// page's rows only. A page beyond the end has no row to carry the total: it is counted apart.
// How many rows a term matches decides the plan, so each call is planned for its values.
template <typename T, typename ToItem>
core::Page<T> read_search_page(Connection& connection, const std::string& matches,
                               const Params& params, std::string_view columns,
                               std::string_view joins, const core::ListQuery& query,
                               ToItem to_item) {
  Params page_params = params;
  const std::string sql =
      "WITH matches AS MATERIALIZED (" + matches + "), page AS (SELECT id, sort_key FROM matches" +
      order_by(query, "sort_key", "id") + page_clause(query, page_params) + ") SELECT " +
      std::string(columns) + ", (SELECT COUNT(*) FROM matches) FROM page " + std::string(joins) +
      order_by(query, "page.sort_key", "page.id");
  core::Page<T> page;
  for (const Row& row : connection.query_planned_per_call(sql, page_params)) {
    const std::size_t total_column = row.size() - 1;
    page.total = row.int64(total_column);
    std::vector<std::optional<std::string>> item_columns;
    for (std::size_t i = 0; i < total_column; ++i) item_columns.push_back(row.opt_text(i));
    page.items.push_back(to_item(Row(std::move(item_columns))));
  }
  if (page.items.empty() && query.offset() > 0) {
    const std::string count = "SELECT COUNT(*) FROM (" + matches + ") AS counted";
    page.total = connection.query_planned_per_call(count, params).at(0).int64(0);
  }
  return page;
}

}  // namespace keyward::store
