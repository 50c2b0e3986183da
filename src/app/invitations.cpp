#include "app/invitations.hpp"

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/mail.hpp"
#include "app/secrets.hpp"
#include "app/users.hpp"
#include "core/account_mails.hpp"
#include "core/error.hpp"
#include "store/password_token_store.hpp"
#include "store/session_store.hpp"
#include "store/token_hash.hpp"

namespace keyward::app {
namespace {

core::Language language_or(const std::optional<std::string>& text, core::Language fallback) {
  if (!text) return fallback;
  const auto language = core::parse_language(*text);
  if (!language) throw core::invalid_request("language", "must be en or de");
  return *language;
}

core::Language language_of_actor(store::Connection& connection, const Actor& actor) {
  if (!actor.user_id) return core::Language::en;
  const auto user = store::UserStore(connection).find(*actor.user_id);
  return user ? user->language : core::Language::en;
}

// Queues the invitation with a new set-password link for `user`.
void send_invitation(store::Connection& connection, const Actor& actor,
                     const std::string& public_url, const core::User& user,
                     const core::Company& company) {
  const std::string token = new_token("kwi_");
  const core::UnixTime created_at = now();
  const core::UnixTime expires_at = created_at + kInvitationSeconds;
  store::PasswordTokenStore(connection)
      .create(user.id, store::hash_token(token), created_at, expires_at);
  const core::MailText text = core::invitation_mail(
      user.language,
      {actor.name, company.name, public_url + "/set-password?token=" + token, expires_at});
  queue_mail(connection, {user.email, text.subject, text.text, text.html});
}

core::Error invalid_token() {
  return core::Error(core::ErrorKind::invalid_request, "invalid_token",
                     "token: the link is unknown, was used already or has expired");
}

}  // namespace

store::ListedUser invite_user(store::Database& database, const Actor& actor,
                              const std::string& public_url, const Invitation& invitation) {
  require_admin(actor, "manage users");
  core::User user = new_user(invitation.email, invitation.role, invitation.name);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  user.language = language_or(invitation.language, language_of_actor(*connection, actor));
  const core::Company company =
      resolve_company(*connection, actor, std::to_string(invitation.company_id));
  user = add_user(*connection, actor, company, std::move(user));
  send_invitation(*connection, actor, public_url, user, company);
  transaction.commit();
  return {user, company.name};
}

void set_password_with_token(store::Database& database, const std::string& token,
                             const std::string& password, core::UnixTime now) {
  require_password_strength(password);
  const std::string hash = hash_password(password);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto user_id = store::PasswordTokenStore(*connection).redeem(store::hash_token(token), now);
  if (!user_id) throw invalid_token();
  store::UserStore users(*connection);
  const auto user = users.find(*user_id);
  if (!user) throw invalid_token();
  users.set_password_hash(user->id, hash);
  store::PasswordTokenStore(*connection).invalidate_for_user(user->id, now);
  store::SessionStore(*connection).remove_for_user(user->id);
  const core::Company company = *store::CompanyStore(*connection)
                                     .find(core::TenantScope::operator_scope(0), user->company_id);
  log_change(*connection, user_actor(*user, company),
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = "user.password_set",
              .details = {{"user_id", user->id}}},
             now);
  transaction.commit();
}

}  // namespace keyward::app
