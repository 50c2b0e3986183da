#include "store/comment_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {

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
  Params params{license_id};
  const std::string condition = tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
  std::vector<core::Comment> result;
  for (const Row& row : connection_.query(
           "SELECT c.id, c.license_id, c.author_user_id, c.author_name, c.body, c.created_at "
           "FROM comments c JOIN licenses l ON l.id = c.license_id WHERE c.license_id = $1 AND " +
               condition + " ORDER BY c.created_at DESC, c.id DESC",
           params)) {
    result.push_back(core::Comment{
        .id = row.int64(0),
        .license_id = row.int64(1),
        .author_user_id = row.opt_int64(2),
        .author_name = row.text(3),
        .body = row.text(4),
        .created_at = row.int64(5),
    });
  }
  return result;
}

}  // namespace keyward::store
