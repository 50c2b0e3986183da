#pragma once
// Small helpers shared by the stores: the tenant condition (so every scoped query states its
// filter the same way and uses the tenant indexes), NULL-able parameters, and enum columns.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "core/validation.hpp"
#include "store/database.hpp"

namespace keyward::store {

// A condition such as `l.reseller_id = $3` (appending the bound value to `params`), or
// `1 = 1` for the operator.
inline std::string tenant_condition(const core::TenantScope& scope,
                                    std::string_view customer_column,
                                    std::string_view reseller_column, Params& params) {
  switch (scope.kind()) {
    case core::CompanyKind::operator_:
      return "1 = 1";
    case core::CompanyKind::reseller:
      params.emplace_back(scope.company_id());
      return std::string(reseller_column) + " = $" + std::to_string(params.size());
    case core::CompanyKind::customer:
      params.emplace_back(scope.company_id());
      return std::string(customer_column) + " = $" + std::to_string(params.size());
  }
  return "1 = 0";
}

// `$N` for a new bound parameter. Call it qualified (store::bind): Params is a std::vector,
// so an unqualified call also finds std::bind wherever <functional> is included.
// The value is constructed in place: a moved temporary Value makes g++ 12 -O2 warn
// (maybe-uninitialized, a false positive in std::variant).
template <typename T>
std::string bind(Params& params, T&& value) {
  params.emplace_back(std::forward<T>(value));
  return "$" + std::to_string(params.size());
}

// A search condition: `text` (lower-cased by ascii_lower, wildcards escaped) is contained in
// any of `lowered_columns`, which must already be lower-case forms (a `*_key` column, or
// lower(column)). `%`, `_` and `\` in the text match themselves.
inline std::string contains_condition(std::string_view text,
                                      std::initializer_list<std::string_view> lowered_columns,
                                      Params& params) {
  std::string pattern = "%";
  for (const char c : core::ascii_lower(text)) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  const std::string placeholder = store::bind(params, std::move(pattern));
  std::string condition = "(";
  for (const auto column : lowered_columns) {
    if (condition.size() > 1) condition += " OR ";
    condition += std::string(column) + " LIKE " + placeholder + " ESCAPE '\\'";
  }
  return condition + ")";
}

using SortColumns = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// The SQL expression of the query's sort key; `columns` maps every sort key of the list
// (already validated by core::parse_list_query) to its expression.
inline std::string_view sort_column(const core::ListQuery& query, SortColumns columns) {
  for (const auto& [key, column] : columns) {
    if (key == query.sort) return column;
  }
  throw DbError(DbErrorKind::other, "no column for sort key " + query.sort);
}

// `ORDER BY <column> [DESC], <tiebreak> [DESC]`.
inline std::string order_by(const core::ListQuery& query, std::string_view column,
                            std::string_view tiebreak) {
  const char* direction = query.descending ? " DESC" : "";
  return " ORDER BY " + std::string(column) + direction + ", " + std::string(tiebreak) + direction;
}

// The same for the query's sort key, looked up in `columns`.
inline std::string order_by(const core::ListQuery& query, SortColumns columns,
                            std::string_view tiebreak) {
  return order_by(query, sort_column(query, columns), tiebreak);
}

// ` LIMIT $n OFFSET $m` for the query's page.
inline std::string page_clause(const core::ListQuery& query, Params& params) {
  const std::string limit = store::bind(params, query.per_page);
  return " LIMIT " + limit + " OFFSET " + store::bind(params, query.offset());
}

// Optional values as bound parameters (empty is NULL).
inline Value nullable(const std::optional<std::int64_t>& value) {
  return value ? Value(*value) : Value();
}
inline Value nullable(const std::optional<std::string>& value) {
  return value ? Value(*value) : Value();
}

// An enum column read back through its parse function; a value outside the CHECK list means
// the schema and the binary disagree.
template <typename Enum>
Enum parse_column(std::optional<Enum> (*parse)(std::string_view), const Row& row, std::size_t i) {
  if (auto value = parse(row.text(i))) return *value;
  throw DbError(DbErrorKind::other,
                "unexpected value in column " + std::to_string(i) + ": " + row.text(i));
}

}  // namespace keyward::store
