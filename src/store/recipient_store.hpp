#pragma once
// Notification recipients of licenses: portal users (verified at once) and free e-mail
// addresses, which stay unverified until their owner follows the verification link.
//
// The rule for everything that sends notifications: read the addresses with
// verified_recipients(), never with list(). An unverified address gets the verification mail
// and nothing else (SPEC.md §2 License).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

inline constexpr std::string_view kRecipientSortKeys[] = {"email", "created_at"};

class RecipientStore {
 public:
  explicit RecipientStore(Connection& connection) : connection_(connection) {}

  // Inserts `recipient` (its id is ignored) and returns it with the new id. Throws DbError
  // unique_violation when the license has the address already (any letter case).
  core::Recipient add(const core::Recipient& recipient);
  // The license's recipients whose address contains query.q; empty outside `scope`.
  core::Page<core::Recipient> list(const core::TenantScope& scope, core::Id license_id,
                                   const core::ListQuery& query);
  // Removes one recipient of the license; false when there is none in `scope`.
  bool remove(const core::TenantScope& scope, core::Id license_id, core::Id recipient_id);
  // Unscoped on purpose: the verification token is the credential of the link.
  std::optional<core::Recipient> find_by_token_hash(const std::string& token_hash);
  // Marks the recipient verified and forgets the token, so the link works only once.
  void mark_verified(core::Id recipient_id, core::UnixTime now);
  // The addresses that notifications of the license go to: verified ones only.
  std::vector<core::Recipient> verified_recipients(core::Id license_id);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
