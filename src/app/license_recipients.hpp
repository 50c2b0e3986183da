#pragma once
// Notification recipients of a license (SPEC.md §2 License). An address of a portal user who
// can see the license is verified at once; any other address is stored unverified and gets a
// mail with a single-use verification link, and nothing else until it is verified.
// Notifications read store::RecipientStore::verified_recipients only.

#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/database.hpp"

namespace keyward::app {

// A verification link is valid this long.
inline constexpr core::UnixTime kRecipientVerificationSeconds = 7 * 86400;

core::Page<core::Recipient> list_recipients(store::Database& database, const Actor& actor,
                                            core::Id license_id, const core::ListQuery& query);

// Technicians and admins; 409 license_expired; 409 duplicate_recipient for an address the
// license has already (any letter case); 400 `email` for anything but an address.
// `public_url` is where the verification link points.
core::Recipient add_recipient(store::Database& database, const Actor& actor, core::Id license_id,
                              const std::string& email, const std::string& public_url);

// 404 "recipient not found" when the license (in the actor's scope) has no such recipient.
void remove_recipient(store::Database& database, const Actor& actor, core::Id license_id,
                      core::Id recipient_id);

// Follows a verification link: 404 for an unknown or used token, 410 verification_expired
// for one older than kRecipientVerificationSeconds. Needs no sign-in: the token is the
// credential. Allowed on expired licenses: it changes nothing about the license.
core::Recipient verify_recipient(store::Database& database, const std::string& token);

}  // namespace keyward::app
