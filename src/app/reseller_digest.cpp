#include "app/reseller_digest.hpp"

#include <map>

#include "app/mail.hpp"
#include "core/digest_mail.hpp"
#include "store/reseller_digest_store.hpp"

namespace keyward::app {
namespace {

struct OpenDigests {
  std::vector<store::DigestReseller> resellers;
  std::map<core::Id, core::ResellerDigest> digests;  // with something to report
  std::map<core::Id, std::vector<store::DigestAdmin>> admins;
};

OpenDigests read_open_digests(store::Connection& connection, std::int64_t day,
                              const core::DigestRules& rules, core::UnixTime now) {
  store::ResellerDigestStore store(connection);
  OpenDigests open;
  open.resellers = store.open_resellers(day);
  if (open.resellers.empty()) return open;
  for (auto& digest : core::assemble_digests(store.facts(day, rules, now))) {
    open.digests.emplace(digest.reseller_id, std::move(digest));
  }
  for (auto& admin : store.admins(day)) open.admins[admin.reseller_id].push_back(admin);
  return open;
}

// Records the reseller's day and queues its mails in one transaction; nothing when another
// server or an earlier run recorded the day first. Returns the mails queued.
std::int64_t send_digest(store::Connection& connection, const store::DigestReseller& reseller,
                         const core::ResellerDigest* digest,
                         const std::vector<store::DigestAdmin>& admins,
                         const core::DigestMailContext& context, std::int64_t day) {
  const std::int64_t customers = digest ? static_cast<std::int64_t>(digest->customers.size()) : 0;
  const std::int64_t mails = digest ? static_cast<std::int64_t>(admins.size()) : 0;
  store::Transaction transaction(connection);
  if (!store::ResellerDigestStore(connection)
           .record(reseller.id, day, customers, mails, context.now)) {
    return 0;
  }
  if (digest) {
    for (const auto& admin : admins) {
      const core::MailText text = core::digest_mail(admin.language, *digest, context);
      queue_mail(connection, {admin.email, text.subject, text.text, text.html});
    }
  }
  transaction.commit();
  return mails;
}

}  // namespace

core::DigestRules digest_rules(const DigestSettings& settings, const Policy& policy) {
  return core::DigestRules{.seat_percent = settings.seat_percent,
                           .stale_days = policy.status.stale_days,
                           .hour = settings.hour};
}

std::int64_t send_due_digests(store::Database& database, const DigestSettings& settings,
                              const Policy& policy, core::UnixTime now) {
  const core::DigestRules rules = digest_rules(settings, policy);
  if (!core::digest_due(now, rules)) return 0;
  const std::int64_t day = core::digest_day(now);
  auto connection = database.acquire();
  const OpenDigests open = read_open_digests(*connection, day, rules, now);
  std::int64_t queued = 0;
  for (const auto& reseller : open.resellers) {
    const auto digest = open.digests.find(reseller.id);
    const auto admins = open.admins.find(reseller.id);
    const core::DigestMailContext context{.reseller_name = reseller.name,
                                          .portal_url = settings.portal_url,
                                          .now = now,
                                          .stale_days = rules.stale_days};
    queued += send_digest(
        *connection, reseller, digest == open.digests.end() ? nullptr : &digest->second,
        admins == open.admins.end() ? std::vector<store::DigestAdmin>{} : admins->second, context,
        day);
  }
  return queued;
}

}  // namespace keyward::app
