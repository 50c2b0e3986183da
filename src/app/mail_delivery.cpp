#include "app/mail_delivery.hpp"

#include <algorithm>

#include "app/actor.hpp"
#include "app/mime_message.hpp"
#include "store/outbox_store.hpp"

namespace keyward::app {
namespace {

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "keyward.invalid" : address.substr(at + 1);
}

std::string message_for(const core::OutboxMail& mail, const std::string& sender) {
  const MimeHeaders headers{
      .from = sender,
      .to = mail.recipient,
      .subject = mail.subject,
      .date = now(),
      .message_id = "<outbox." + std::to_string(mail.id) + "." + std::to_string(mail.created_at) +
                    "@" + domain_of(sender) + ">",
  };
  return build_mime_message(headers, mail.text_body, mail.html_body);
}

// The recipient goes into the To: header and the SMTP envelope as it is; a line break or an
// angle bracket there would let it add headers or recipients. Queued addresses are validated,
// so this only guards against rows written by other means.
bool is_safe_address(const std::string& address) {
  return !address.empty() && std::none_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '<' || c == '>';
  });
}

std::optional<std::string> send(SmtpSession& session, const MailDeliverySettings& settings,
                                const core::OutboxMail& mail) {
  if (!is_safe_address(mail.recipient)) return "not a deliverable address";
  return session.send(settings.sender, mail.recipient, message_for(mail, settings.sender));
}

}  // namespace

std::size_t deliver_due_mails(store::Database& database, const SmtpTransport& transport,
                              const MailDeliverySettings& settings, const std::string& worker,
                              const std::atomic<bool>& stopping) {
  // Declared first, so it ends (QUIT) only after the pass has recorded every result.
  SmtpSession session(transport);
  return deliver_due<store::OutboxStore>(
      database, settings.delivery, worker, stopping, "mail",
      [&](const core::OutboxMail& mail) { return send(session, settings, mail); });
}

void release_mail_claims(store::Database& database, const std::string& worker) {
  release_claims<store::OutboxStore>(database, worker);
}

}  // namespace keyward::app
