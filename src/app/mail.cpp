#include "app/mail.hpp"

#include "app/actor.hpp"
#include "store/outbox_store.hpp"

namespace keyward::app {

void queue_mail(store::Connection& connection, const Mail& mail) {
  const core::UnixTime queued_at = now();
  store::OutboxStore(connection)
      .enqueue(core::OutboxMail{.recipient = mail.to,
                                .subject = mail.subject,
                                .text_body = mail.text_body,
                                .html_body = mail.html_body,
                                .next_attempt_at = queued_at,
                                .created_at = queued_at});
}

}  // namespace keyward::app
