#pragma once
// The notification mails (SPEC.md §2 License: notify at N, recipients; §2 Device: infections),
// in English and German, as plain text and HTML. They are written from the event's data, the
// same facts the webhook payload carries:
//   license: {id, name, key}, customer: {id, name}
//   threshold_reached: activations_used, activations_total (null: unlimited), notify_at
//   infection: device: {id, hostname}, infections
//   license_expiring: expires_at (unix seconds), days_left
//   export_done: table, format, download_url

#include <optional>
#include <string>

#include "core/account_mails.hpp"
#include "core/entities.hpp"
#include "core/events.hpp"

namespace keyward::core {

// The mail about `event` for a recipient who reads `language`; `portal_url` is where the
// portal is (links point into it). Empty for event types that mail nobody.
std::optional<MailText> notification_mail(Language language, const Event& event,
                                          const std::string& portal_url);

struct VerificationFacts {
  std::string license;  // display name of the license
  std::string link;     // the single-use verification link
  UnixTime expires_at = 0;
};

// The mail to an address added as a recipient: it confirms with the link and gets nothing else
// until then.
MailText recipient_verification_mail(Language language, const VerificationFacts& facts);

}  // namespace keyward::core
