#pragma once
// Who reads a notification in which language: a portal user in their own, anybody else in
// the default of the license's owner — the language of the customer's first enabled admin,
// else of its reseller's (English when neither has one).

#include <optional>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::store {

core::Language owner_language(Connection& connection, core::Id customer_id, core::Id reseller_id);
// The user's language; empty for a user that no longer exists.
std::optional<core::Language> user_language(Connection& connection, core::Id user_id);
// The user's address and language, for an enabled user.
std::optional<std::pair<std::string, core::Language>> user_mail_address(Connection& connection,
                                                                        core::Id user_id);

}  // namespace keyward::store
