#pragma once
// Queuing mail from a use case. The mail goes into the outbox inside the caller's
// transaction (see store::OutboxStore); the sender worker delivers it.

#include <string>

#include "store/database.hpp"

namespace keyward::app {

struct Mail {
  std::string to;
  std::string subject;
  std::string text_body;
  std::string html_body;  // may be empty: plain text only
};

void queue_mail(store::Connection& connection, const Mail& mail);

}  // namespace keyward::app
