// Notifications and webhooks in the stores, on both engines: the notify-at state per crossing,
// expiry notices once per window, webhooks within tenant scopes and as subscribers, and the
// webhook delivery queue sharing the outbox's claim lease.

#include <gtest/gtest.h>

#include <set>

#include "app/expiry_notices.hpp"
#include "app/secrets.hpp"
#include "claim_race.hpp"
#include "store/license_store.hpp"
#include "store/outbox_store.hpp"
#include "store/recipient_store.hpp"
#include "store/webhook_store.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

const core::ListQuery kByCreation{.sort = "created_at"};

class NotificationStoresTest : public StoreTest {
 protected:
  core::Webhook make_webhook(const core::Company& company, std::optional<core::Id> reseller,
                             std::vector<core::EventType> events, bool enabled = true) {
    auto connection = database_->acquire();
    return WebhookStore(*connection)
        .create({.company_id = company.id,
                 .reseller_id = reseller,
                 .url = "https://hooks.example.com/" + company.name,
                 .events = std::move(events),
                 .secret = "whsec_test",
                 .enabled = enabled,
                 .created_at = 1,
                 .updated_at = 1});
  }

  std::set<core::Id> ids(const std::vector<core::Webhook>& webhooks) {
    std::set<core::Id> result;
    for (const auto& webhook : webhooks) result.insert(webhook.id);
    return result;
  }

  core::WebhookDelivery queue_delivery(core::Id webhook_id) {
    auto connection = database_->acquire();
    return WebhookDeliveryStore(*connection)
        .enqueue({.webhook_id = webhook_id,
                  .event_type = core::EventType::activation,
                  .event_id = "evt_1",
                  .payload = "{}",
                  .next_attempt_at = 100,
                  .created_at = 1});
  }
};

TEST_P(NotificationStoresTest, TheThresholdNoticeIsClaimedOncePerCrossing) {
  const core::License license = make_license(tenants_.customer_a1, 5, "KEY-THRESHOLD");
  auto connection = database_->acquire();
  LicenseStore licenses(*connection);
  licenses.set_name_and_notify_at(license.id, "Threshold", 2, 1);
  ASSERT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_FALSE(licenses.claim_threshold_notice(license.id)) << "1 of a threshold of 2";
  ASSERT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_TRUE(licenses.claim_threshold_notice(license.id)) << "the count reached 2";
  EXPECT_FALSE(licenses.claim_threshold_notice(license.id)) << "once";
  ASSERT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_FALSE(licenses.claim_threshold_notice(license.id)) << "3: above, not again";
  ASSERT_TRUE(licenses.release_seat(license.id));
  EXPECT_FALSE(licenses.claim_threshold_notice(license.id)) << "2: never fell below";
  ASSERT_TRUE(licenses.release_seat(license.id));
  ASSERT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_TRUE(licenses.claim_threshold_notice(license.id)) << "fell below and reached it again";

  // A new threshold below the count counts as reached, without a notice.
  licenses.set_name_and_notify_at(license.id, "Threshold", 1, 2);
  EXPECT_FALSE(licenses.claim_threshold_notice(license.id));
  licenses.set_name_and_notify_at(license.id, "Threshold", std::nullopt, 3);
  ASSERT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_FALSE(licenses.claim_threshold_notice(license.id)) << "no threshold, no notice";
}

TEST_P(NotificationStoresTest, ExpiryNoticesGoOutOncePerWindowAndAgainAfterANewExpiry) {
  app::init_secrets();
  constexpr core::UnixTime kNow = 1'900'000'000;
  constexpr core::UnixTime kDay = 86400;
  const core::License soon = make_license(tenants_.customer_a1, 5, "KEY-SOON");
  const core::License later = make_license(tenants_.customer_a2, 5, "KEY-LATER");
  make_license(tenants_.customer_b1, 5, "KEY-FAR");  // 2000000000: far away
  const core::Webhook hook = make_webhook(tenants_.reseller_a, tenants_.reseller_a.id,
                                          {core::EventType::license_expiring});
  {
    auto connection = database_->acquire();
    LicenseStore licenses(*connection);
    licenses.set_expiry(soon.id, kNow + 5 * kDay, kNow);
    licenses.set_expiry(later.id, kNow + 20 * kDay, kNow);
    RecipientStore(*connection)
        .add({.license_id = soon.id, .email = "ops@a1.example", .verified_at = 1, .created_at = 1});
    RecipientStore(*connection)
        .add({.license_id = soon.id, .email = "unverified@a1.example", .created_at = 1});
  }
  EXPECT_EQ(app::notify_expiring_licenses(*database_, kNow), 2u);
  EXPECT_EQ(app::notify_expiring_licenses(*database_, kNow + 3600), 0u) << "each notice once";
  auto connection = database_->acquire();
  const auto mails = OutboxStore(*connection).list_for_recipient("ops@a1.example");
  ASSERT_EQ(mails.size(), 1u) << "the 7-day notice only, not also the 30-day one";
  EXPECT_EQ(mails[0].subject, "License License KEY-SOON expires in 5 days");
  EXPECT_TRUE(OutboxStore(*connection).list_for_recipient("unverified@a1.example").empty());
  EXPECT_EQ(WebhookDeliveryStore(*connection).list(hook.id, kByCreation).total, 2)
      << "the reseller's webhook hears about both customers";

  // 20 days out: the 30-day notice went out; at 6 days the 7-day one follows.
  EXPECT_EQ(app::notify_expiring_licenses(*database_, kNow + 14 * kDay), 1u);
  // A renewal re-arms the notices.
  LicenseStore(*connection).set_expiry(soon.id, kNow + 25 * kDay, kNow);
  EXPECT_EQ(app::notify_expiring_licenses(*database_, kNow + 14 * kDay), 1u);
}

TEST_P(NotificationStoresTest,
       WebhooksAreScopedAndSubscribersAreTheCustomerItsResellerAndOperator) {
  const auto a1 =
      make_webhook(tenants_.customer_a1, tenants_.reseller_a.id, {core::EventType::infection});
  const auto a2 =
      make_webhook(tenants_.customer_a2, tenants_.reseller_a.id, {core::EventType::infection});
  const auto a =
      make_webhook(tenants_.reseller_a, tenants_.reseller_a.id, {core::EventType::infection});
  const auto b =
      make_webhook(tenants_.reseller_b, tenants_.reseller_b.id, {core::EventType::infection});
  const auto op =
      make_webhook(tenants_.operator_company, std::nullopt, {core::EventType::infection});
  make_webhook(tenants_.customer_a1, tenants_.reseller_a.id, {core::EventType::infection}, false);
  auto connection = database_->acquire();
  WebhookStore webhooks(*connection);
  EXPECT_EQ(ids(webhooks.subscribers(tenants_.customer_a1.id, tenants_.reseller_a.id)),
            (std::set<core::Id>{a1.id, a.id, op.id}));

  const auto scoped = [&](const core::TenantScope& scope) {
    return ids(webhooks.list(scope, kByCreation).items);
  };
  EXPECT_EQ(scoped(core::TenantScope::customer(tenants_.customer_a1.id)).count(a1.id), 1u);
  EXPECT_EQ(scoped(core::TenantScope::customer(tenants_.customer_a1.id)).count(a2.id), 0u);
  EXPECT_EQ(scoped(core::TenantScope::customer(tenants_.customer_a1.id)).count(a.id), 0u);
  const auto reseller = scoped(core::TenantScope::reseller(tenants_.reseller_a.id));
  EXPECT_TRUE(reseller.contains(a1.id) && reseller.contains(a2.id) && reseller.contains(a.id));
  EXPECT_FALSE(reseller.contains(b.id) || reseller.contains(op.id));
  EXPECT_FALSE(webhooks.find(core::TenantScope::reseller(tenants_.reseller_b.id), a1.id));
  EXPECT_FALSE(webhooks.remove(core::TenantScope::customer(tenants_.customer_a2.id), a1.id));
  queue_delivery(a1.id);
  EXPECT_TRUE(webhooks.remove(core::TenantScope::customer(tenants_.customer_a1.id), a1.id));
  EXPECT_EQ(WebhookDeliveryStore(*connection).list(a1.id, kByCreation).total, 0)
      << "its log goes too";
}

TEST_P(NotificationStoresTest, ConcurrentWorkersClaimEveryDueDeliveryExactlyOnce) {
  constexpr int kDeliveries = 60;
  constexpr int kWorkers = 4;
  const auto hook =
      make_webhook(tenants_.customer_a1, tenants_.reseller_a.id, {core::EventType::activation});
  for (int i = 0; i < kDeliveries; ++i) queue_delivery(hook.id);
  const ClaimRace race = race_claims(kWorkers, [&](const std::string& worker) {
    auto connection = database_->acquire();
    Transaction transaction(*connection);
    std::vector<core::Id> ids;
    for (const auto& delivery : WebhookDeliveryStore(*connection).claim_due(worker, 100, 160, 3)) {
      ids.push_back(delivery.id);
    }
    transaction.commit();
    return ids;
  });
  EXPECT_EQ(race.failed, 0);
  const auto& claimed = race.claimed;
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kDeliveries));
  EXPECT_EQ(std::set<core::Id>(claimed.begin(), claimed.end()).size(),
            static_cast<std::size_t>(kDeliveries));
}

TEST_P(NotificationStoresTest, OnlyTheLeaseHolderRecordsADeliveryAndReleasedOnesAreDueAgain) {
  const auto hook =
      make_webhook(tenants_.customer_a1, tenants_.reseller_a.id, {core::EventType::activation});
  const auto delivery = queue_delivery(hook.id);
  auto connection = database_->acquire();
  WebhookDeliveryStore deliveries(*connection);
  ASSERT_EQ(deliveries.claim_due("first", 100, 160, 10).size(), 1u);
  EXPECT_TRUE(deliveries.claim_due("second", 120, 180, 10).empty());
  EXPECT_FALSE(deliveries.mark_sent(delivery.id, "second", 130));
  EXPECT_TRUE(deliveries.record_failure(delivery.id, "first", "HTTP 503", 200, false));
  EXPECT_TRUE(deliveries.claim_due("second", 199, 260, 10).empty()) << "backing off";
  ASSERT_EQ(deliveries.claim_due("second", 200, 260, 10).size(), 1u);
  deliveries.release_claims("second");
  const auto again = deliveries.claim_due("third", 201, 260, 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(again[0].last_error, "HTTP 503");
  EXPECT_TRUE(deliveries.mark_sent(delivery.id, "third", 202));
  const auto log = deliveries.list(hook.id, kByCreation);
  ASSERT_EQ(log.items.size(), 1u);
  EXPECT_EQ(log.items[0].status, core::MailStatus::sent);
  EXPECT_EQ(log.items[0].attempts, 2);
  EXPECT_EQ(deliveries.endpoint_of(delivery.id)->secret, "whsec_test");
  // The log forgets finished deliveries created before the cut, never pending ones.
  const auto pending = queue_delivery(hook.id);
  EXPECT_EQ(deliveries.prune(1), 0);
  EXPECT_EQ(deliveries.prune(2), 1);
  EXPECT_EQ(deliveries.list(hook.id, kByCreation).items.at(0).id, pending.id);
}

INSTANTIATE_TEST_SUITE_P(Engines, NotificationStoresTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
