#pragma once
// Small helpers shared by the stores: the tenant condition (so every scoped query states its
// filter the same way and uses the tenant indexes), NULL-able parameters, and enum columns.

#include <optional>
#include <string>
#include <string_view>

#include "core/tenant.hpp"
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
