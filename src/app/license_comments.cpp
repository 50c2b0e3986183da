#include "app/license_comments.hpp"

#include "app/license_access.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "store/comment_store.hpp"

namespace keyward::app {

core::Page<core::Comment> list_comments(store::Database& database, const Actor& actor,
                                        core::Id license_id, const core::ListQuery& query) {
  auto connection = database.acquire();
  visible_license(*connection, actor, license_id);
  return store::CommentStore(*connection).page(actor.scope, license_id, query);
}

core::Comment find_comment(store::Database& database, const Actor& actor, core::Id license_id,
                           core::Id comment_id) {
  auto connection = database.acquire();
  return core::found(store::CommentStore(*connection).find(actor.scope, license_id, comment_id),
                     "comment");
}

core::Comment add_comment(store::Database& database, const Actor& actor, core::Id license_id,
                          const std::string& body) {
  const std::string text = core::require_multiline_text("body", body, 1, kMaxCommentLength);
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::License license =
      changeable_license(*connection, actor, license_id, "write comments", at);
  const core::Comment comment = store::CommentStore(*connection)
                                    .add({.license_id = license.id,
                                          .author_user_id = actor.user_id,
                                          .author_name = actor.name,
                                          .body = text,
                                          .created_at = at});
  log_change(*connection, actor,
             license_change(license, "license.comment_added", {{"comment_id", comment.id}}), at);
  transaction.commit();
  return comment;
}

}  // namespace keyward::app
