#pragma once
// Comments on a license (SPEC.md §2 License): free text with author and time, newest first,
// never changed or deleted once saved (there is no use case for it, and the database's
// triggers refuse it).

#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/database.hpp"

namespace keyward::app {

inline constexpr std::size_t kMaxCommentLength = 5000;

core::Page<core::Comment> list_comments(store::Database& database, const Actor& actor,
                                        core::Id license_id, const core::ListQuery& query);

// 404 "comment not found" unless the license (in the actor's scope) has it.
core::Comment find_comment(store::Database& database, const Actor& actor, core::Id license_id,
                           core::Id comment_id);

// Technicians and admins; 409 license_expired (read-only); 400 `body` unless it has
// 1..kMaxCommentLength characters (line breaks allowed). Logged as license.comment_added.
core::Comment add_comment(store::Database& database, const Actor& actor, core::Id license_id,
                          const std::string& body);

}  // namespace keyward::app
