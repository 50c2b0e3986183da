// The outbox's claim lease on both engines: workers that claim at the same time get disjoint
// mails, a lease keeps a mail from others until it runs out, and only the holder of a lease
// records a result.

#include "store/outbox_store.hpp"

#include <gtest/gtest.h>

#include <set>

#include "claim_race.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

class OutboxStoreTest : public StoreTest {
 protected:
  core::OutboxMail queue(const std::string& recipient, core::UnixTime due = 100) {
    auto connection = database_->acquire();
    return OutboxStore(*connection)
        .enqueue({.recipient = recipient,
                  .subject = "Subject",
                  .text_body = "Text",
                  .next_attempt_at = due,
                  .created_at = 1});
  }

  std::vector<core::OutboxMail> claim(const std::string& worker, core::UnixTime now,
                                      std::size_t limit = 10) {
    auto connection = database_->acquire();
    Transaction transaction(*connection);
    auto mails = OutboxStore(*connection).claim_due(worker, now, now + 60, limit);
    transaction.commit();
    return mails;
  }
};

TEST_P(OutboxStoreTest, ConcurrentWorkersClaimEveryDueMailExactlyOnce) {
  constexpr int kMails = 100;
  constexpr int kWorkers = 6;
  for (int i = 0; i < kMails; ++i) queue("user" + std::to_string(i) + "@example.com");
  const ClaimRace race = race_claims(kWorkers, [&](const std::string& worker) {
    std::vector<core::Id> ids;
    for (const auto& mail : claim(worker, 100, 3)) ids.push_back(mail.id);
    return ids;
  });
  EXPECT_EQ(race.failed, 0);
  const auto& claimed = race.claimed;
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(std::set<core::Id>(claimed.begin(), claimed.end()).size(),
            static_cast<std::size_t>(kMails));
}

TEST_P(OutboxStoreTest, ALeaseHoldsUntilItRunsOutAndOnlyItsHolderRecordsTheResult) {
  const core::OutboxMail mail = queue("anna@example.com");
  queue("later@example.com", 500);
  ASSERT_EQ(claim("first", 100).size(), 1u);
  EXPECT_TRUE(claim("second", 159).empty());  // leased until 160
  const auto taken_over = claim("second", 160);
  ASSERT_EQ(taken_over.size(), 1u);
  EXPECT_EQ(taken_over[0].id, mail.id);

  auto connection = database_->acquire();
  OutboxStore outbox(*connection);
  EXPECT_FALSE(outbox.mark_sent(mail.id, "first", 170));
  EXPECT_TRUE(outbox.record_failure(mail.id, "second", "SMTP: refused", 400, false));
  EXPECT_FALSE(outbox.mark_sent(mail.id, "second", 171));  // the failure ended the lease
  auto stored = outbox.list_for_recipient("anna@example.com").at(0);
  EXPECT_EQ(stored.status, core::MailStatus::pending);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.next_attempt_at, 400);
  EXPECT_EQ(stored.last_error, "SMTP: refused");

  EXPECT_TRUE(claim("third", 399).empty());  // not due yet
  ASSERT_EQ(claim("third", 400).size(), 1u);
  EXPECT_TRUE(outbox.mark_sent(mail.id, "third", 401));
  stored = outbox.list_for_recipient("anna@example.com").at(0);
  EXPECT_EQ(stored.status, core::MailStatus::sent);
  EXPECT_EQ(stored.sent_at, 401);
  EXPECT_FALSE(stored.last_error);
  EXPECT_EQ(claim("fourth", 10'000).size(), 1u);  // only the later mail is left
}

TEST_P(OutboxStoreTest, AGivenUpMailIsFailedAndNeverClaimedAgain) {
  const core::OutboxMail mail = queue("gert@example.com");
  ASSERT_EQ(claim("worker", 100).size(), 1u);
  auto connection = database_->acquire();
  OutboxStore outbox(*connection);
  EXPECT_TRUE(outbox.record_failure(mail.id, "worker", "SMTP: gone", 200, true));
  EXPECT_EQ(outbox.list_for_recipient("gert@example.com").at(0).status, core::MailStatus::failed);
  EXPECT_TRUE(claim("worker", 10'000).empty());
}

TEST_P(OutboxStoreTest, ReleasedClaimsAreDueAtOnce) {
  queue("hanna@example.com");
  ASSERT_EQ(claim("stopping", 100).size(), 1u);
  {
    auto connection = database_->acquire();
    OutboxStore(*connection).release_claims("stopping");
  }
  EXPECT_EQ(claim("next", 101).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxStoreTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
