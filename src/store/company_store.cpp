#include "store/company_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns = "c.id, c.parent_id, c.kind, c.name, c.created_at";

core::Company to_company(const Row& row) {
  return core::Company{
      .id = row.int64(0),
      .parent_id = row.opt_int64(1),
      .kind = parse_column(core::parse_company_kind, row, 2),
      .name = row.text(3),
      .created_at = row.int64(4),
  };
}

// Operator: everything; reseller: itself and its children; customer: itself.
std::string company_condition(const core::TenantScope& scope, Params& params) {
  switch (scope.kind()) {
    case core::CompanyKind::operator_:
      return "1 = 1";
    case core::CompanyKind::reseller:
      params.emplace_back(scope.company_id());
      return "(c.id = $" + std::to_string(params.size()) + " OR c.parent_id = $" +
             std::to_string(params.size()) + ")";
    case core::CompanyKind::customer:
      params.emplace_back(scope.company_id());
      return "c.id = $" + std::to_string(params.size());
  }
  return "1 = 0";
}

}  // namespace

core::Company CompanyStore::create(core::CompanyKind kind, core::Id parent_id,
                                   const std::string& name, core::UnixTime now) {
  const auto parent = find(core::TenantScope::operator_scope(0), parent_id);
  const bool fits =
      parent &&
      ((kind == core::CompanyKind::reseller && parent->kind == core::CompanyKind::operator_) ||
       (kind == core::CompanyKind::customer && parent->kind == core::CompanyKind::reseller));
  if (!fits) {
    throw core::Error(core::ErrorKind::invalid_request, "invalid_parent",
                      "parent: a " + std::string(core::to_string(kind)) +
                          (kind == core::CompanyKind::customer ? " belongs to a reseller"
                                                               : " belongs to the operator"));
  }
  const Row row = *connection_.query_one(
      "INSERT INTO companies (parent_id, kind, name, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      {parent_id, std::string(core::to_string(kind)), name, now});
  return core::Company{
      .id = row.int64(0), .parent_id = parent_id, .kind = kind, .name = name, .created_at = now};
}

core::Company CompanyStore::operator_company() {
  const auto row = connection_.query_one("SELECT " + std::string(kColumns) +
                                         " FROM companies c WHERE c.kind = 'operator'");
  if (!row) throw core::not_found("operator company");
  return to_company(*row);
}

std::optional<core::Company> CompanyStore::find(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = company_condition(scope, params);
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM companies c WHERE c.id = $1 AND " + condition,
      params);
  if (!row) return std::nullopt;
  return to_company(*row);
}

std::optional<core::Company> CompanyStore::find_by_name(const core::TenantScope& scope,
                                                        std::string_view name,
                                                        std::optional<core::Id> parent_id) {
  // Folded here, as lower(c.name) folds on both engines (ASCII letters only, migration 14).
  Params params{core::ascii_lower(name)};
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM companies c WHERE lower(c.name) = $1 AND " +
                    company_condition(scope, params);
  if (parent_id) {
    params.emplace_back(*parent_id);
    sql += " AND c.parent_id = $" + std::to_string(params.size());
  }
  sql += " ORDER BY c.id LIMIT 1";
  const auto row = connection_.query_one(sql, params);
  if (!row) return std::nullopt;
  return to_company(*row);
}

std::vector<core::Company> CompanyStore::children(const core::TenantScope& scope,
                                                  core::Id parent_id) {
  Params params{parent_id};
  const std::string condition = company_condition(scope, params);
  std::vector<core::Company> result;
  for (const Row& row : connection_.query("SELECT " + std::string(kColumns) +
                                              " FROM companies c WHERE c.parent_id = $1 AND " +
                                              condition + " ORDER BY lower(c.name), c.id",
                                          params)) {
    result.push_back(to_company(row));
  }
  return result;
}

bool CompanyStore::in_scope(const core::TenantScope& scope, core::Id company_id) {
  return find(scope, company_id).has_value();
}

ListPage<core::Company> CompanyStore::list(const core::TenantScope& scope,
                                           const CompanyFilter& filter,
                                           const core::ListQuery& query) {
  Params params;
  std::string from_where = "FROM companies c WHERE " + company_condition(scope, params);
  if (!filter.q.empty())
    from_where += " AND " + contains_condition(filter.q, {"lower(c.name)"}, params);
  if (filter.kind) {
    from_where +=
        " AND c.kind = " + store::bind(params, std::string(core::to_string(*filter.kind)));
  }
  if (filter.parent_id)
    from_where += " AND c.parent_id = " + store::bind(params, *filter.parent_id);
  const std::string order = order_by(
      query, {{"name", "lower(c.name)"}, {"kind", "c.kind"}, {"created_at", "c.created_at"}},
      "c.id");
  return read_page<core::Company>(connection_, kColumns, from_where, params, order, query,
                                  to_company);
}

void CompanyStore::rename(core::Id id, const std::string& name) {
  connection_.execute("UPDATE companies SET name = $2 WHERE id = $1", {id, name});
}

}  // namespace keyward::store
