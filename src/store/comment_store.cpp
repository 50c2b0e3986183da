#include "store/comment_store.hpp"

#include "store/paging.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "c.id, c.license_id, c.author_user_id, c.author_name, c.body, c.created_at";

core::Comment to_comment(const Row& row) {
  return core::Comment{
      .id = row.int64(0),
      .license_id = row.int64(1),
      .author_user_id = row.opt_int64(2),
      .author_name = row.text(3),
      .body = row.text(4),
      .created_at = row.int64(5),
  };
}

// `FROM comments c … WHERE` the license's comments within `scope`.
std::string scoped_from(const core::TenantScope& scope, core::Id license_id, Params& params) {
  const std::string license = bind(params, license_id);
  return " FROM comments c JOIN licenses l ON l.id = c.license_id WHERE c.license_id = " + license +
         " AND " + tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
}

}  // namespace

core::Comment CommentStore::add(const core::Comment& comment) {
  const Row row = *connection_.query_one(
      "INSERT INTO comments (license_id, author_user_id, author_name, body, created_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {comment.license_id, nullable(comment.author_user_id), comment.author_name, comment.body,
       comment.created_at});
  core::Comment created = comment;
  created.id = row.int64(0);
  return created;
}

std::vector<core::Comment> CommentStore::list(const core::TenantScope& scope, core::Id license_id) {
  Params params;
  const std::string sql = "SELECT " + std::string(kColumns) +
                          scoped_from(scope, license_id, params) +
                          " ORDER BY c.created_at DESC, c.id DESC";
  std::vector<core::Comment> result;
  for (const Row& row : connection_.query(sql, params)) result.push_back(to_comment(row));
  return result;
}

core::Page<core::Comment> CommentStore::page(const core::TenantScope& scope, core::Id license_id,
                                             const core::ListQuery& query) {
  Params params;
  std::string from = scoped_from(scope, license_id, params);
  if (!query.q.empty()) from += " AND " + contains_condition(query.q, {"lower(c.body)"}, params);
  const Params count_params = params;
  const std::string sql = "SELECT " + std::string(kColumns) + from +
                          order_by(query, {{"created_at", "c.created_at"}}, "c.id") +
                          page_clause(query, params);
  return read_page<core::Comment>(connection_, sql, params, "SELECT COUNT(*)" + from, count_params,
                                  query, to_comment);
}

std::optional<core::Comment> CommentStore::find(const core::TenantScope& scope, core::Id license_id,
                                                core::Id comment_id) {
  Params params{comment_id};
  const std::string sql =
      "SELECT " + std::string(kColumns) + scoped_from(scope, license_id, params) + " AND c.id = $1";
  const auto row = connection_.query_one(sql, params);
  if (!row) return std::nullopt;
  return to_comment(*row);
}

}  // namespace keyward::store
