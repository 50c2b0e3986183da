#pragma once
// Sending the resellers' daily digest (core/reseller_digest): once per UTC day from
// rules.hour on, one mail to each administrator of a reseller with something to report, in
// the administrator's language. A reseller's digest day is recorded in the transaction that
// queues its mails, so a restart or a second server on the database does not send it twice,
// and a reseller with nothing to report is recorded too, so later passes of the day cost one
// query.

#include <string>

#include "app/policy.hpp"
#include "core/reseller_digest.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct DigestSettings {
  std::string portal_url;  // links in the mail
  int hour = 5;            // UTC hour from which a day's digest is due
  std::int64_t seat_percent = 90;
};

// The digest rules at the policy's stale threshold.
core::DigestRules digest_rules(const DigestSettings& settings, const Policy& policy);

// Queues the digests of the day that are due and open; returns how many mails it queued.
std::int64_t send_due_digests(store::Database& database, const DigestSettings& settings,
                              const Policy& policy, core::UnixTime now);

}  // namespace keyward::app
