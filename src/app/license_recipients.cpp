#include "app/license_recipients.hpp"

#include "app/license_access.hpp"
#include "app/mail.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/notification_mails.hpp"
#include "core/validation.hpp"
#include "store/company_store.hpp"
#include "store/license_store.hpp"
#include "store/notification_audience.hpp"
#include "store/recipient_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"

namespace keyward::app {
namespace {

// The enabled portal user with this address, when they can see the license.
std::optional<core::User> user_seeing(store::Connection& connection, const std::string& email,
                                      const core::License& license) {
  auto user = store::UserStore(connection).find_by_email(email);
  if (!user || user->disabled) return std::nullopt;
  const auto company =
      store::CompanyStore(connection).find(core::TenantScope::operator_scope(0), user->company_id);
  if (!company ||
      !core::TenantScope::of(*company).allows(license.customer_id, license.reseller_id)) {
    return std::nullopt;
  }
  return user;
}

std::string display_name(const core::License& license) {
  return license.name.empty() ? license.key : license.name;
}

// In the license owner's language: the address belongs to nobody whose own the portal knows.
Mail verification_mail(store::Connection& connection, const std::string& email,
                       const core::License& license, const std::string& link, core::UnixTime at) {
  const core::MailText text = core::recipient_verification_mail(
      store::owner_language(connection, license.customer_id, license.reseller_id),
      {.license = display_name(license),
       .link = link,
       .expires_at = at + kRecipientVerificationSeconds});
  return Mail{.to = email, .subject = text.subject, .text_body = text.text, .html_body = text.html};
}

core::Error duplicate_recipient(const std::string& email) {
  return core::Error(core::ErrorKind::conflict, "duplicate_recipient",
                     email + " is a recipient of this license already");
}

}  // namespace

core::Page<core::Recipient> list_recipients(store::Database& database, const Actor& actor,
                                            core::Id license_id, const core::ListQuery& query) {
  auto connection = database.acquire();
  visible_license(*connection, actor, license_id);
  return store::RecipientStore(*connection).list(actor.scope, license_id, query);
}

core::Recipient add_recipient(store::Database& database, const Actor& actor, core::Id license_id,
                              const std::string& email_input, const std::string& public_url) {
  const std::string email = core::require_email("email", email_input);
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::License license =
      changeable_license(*connection, actor, license_id, "change recipients", at);
  core::Recipient recipient{.license_id = license.id, .email = email, .created_at = at};
  std::string token;
  if (const auto user = user_seeing(*connection, email, license)) {
    recipient.user_id = user->id;
    recipient.verified_at = at;
  } else {
    token = new_token("kwv_");
    recipient.verify_token_hash = store::hash_token(token);
  }
  try {
    recipient = store::RecipientStore(*connection).add(recipient);
  } catch (const store::DbError& error) {
    if (error.db_kind() == store::DbErrorKind::unique_violation) throw duplicate_recipient(email);
    throw;
  }
  if (!token.empty()) {
    queue_mail(
        *connection,
        verification_mail(*connection, email, license,
                          public_url + "/api/v1/recipients/verify?token=" + token, at));
  }
  log_change(*connection, actor,
             license_change(license, "license.recipient_added",
                            {{"recipient_id", recipient.id},
                             {"email", email},
                             {"verified", recipient.verified_at.has_value()}}),
             at);
  transaction.commit();
  return recipient;
}

void remove_recipient(store::Database& database, const Actor& actor, core::Id license_id,
                      core::Id recipient_id) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::License license =
      changeable_license(*connection, actor, license_id, "change recipients", at);
  if (!store::RecipientStore(*connection).remove(actor.scope, license.id, recipient_id)) {
    throw core::not_found("recipient");
  }
  log_change(*connection, actor,
             license_change(license, "license.recipient_removed", {{"recipient_id", recipient_id}}),
             at);
  transaction.commit();
}

core::Recipient verify_recipient(store::Database& database, const std::string& token) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::RecipientStore recipients(*connection);
  auto recipient = recipients.find_by_token_hash(store::hash_token(token));
  if (!recipient) throw core::not_found("verification link");
  if (at - recipient->created_at > kRecipientVerificationSeconds) {
    throw core::Error(core::ErrorKind::gone, "verification_expired",
                      "the verification link has expired; ask for the address to be added again");
  }
  recipients.mark_verified(recipient->id, at);
  const auto license = store::LicenseStore(*connection)
                           .find(core::TenantScope::operator_scope(0), recipient->license_id);
  if (!license) throw core::not_found("verification link");
  // The owner of the address acts here, not a portal user.
  const Actor owner{std::nullopt, recipient->email, core::Role::viewer,
                    core::TenantScope::customer(license->customer_id)};
  log_change(*connection, owner,
             license_change(*license, "license.recipient_verified",
                            {{"recipient_id", recipient->id}, {"email", recipient->email}}),
             at);
  transaction.commit();
  recipient->verified_at = at;
  recipient->verify_token_hash.reset();
  return *recipient;
}

}  // namespace keyward::app
