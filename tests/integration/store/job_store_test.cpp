// Background jobs on both engines: workers that claim at the same time get disjoint jobs, a
// claim older than the lease is taken as abandoned, only the holder of a claim records the
// end, a released job is due again at once, and finished jobs are found for the clean-up.
// Also the streamed reads (Connection::for_each) the exports are written from.

#include "store/job_store.hpp"

#include <gtest/gtest.h>

#include <set>

#include "claim_race.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

class JobStoreTest : public StoreTest {
 protected:
  Job queue(std::string kind = "export", core::UnixTime run_at = 100) {
    auto connection = database_->acquire();
    return JobStore(*connection)
        .enqueue({.kind = std::move(kind), .payload = "{\"n\":1}", .run_at = run_at,
                  .created_at = 1});
  }

  std::vector<Job> claim(const std::string& worker, core::UnixTime now,
                         core::UnixTime abandoned_before = 0, std::size_t limit = 10) {
    auto connection = database_->acquire();
    Transaction transaction(*connection);
    auto jobs = JobStore(*connection).claim("export", worker, now, abandoned_before, limit);
    transaction.commit();
    return jobs;
  }
};

TEST_P(JobStoreTest, ConcurrentWorkersClaimEveryDueJobExactlyOnce) {
  constexpr int kJobs = 60;
  constexpr int kWorkers = 6;
  for (int i = 0; i < kJobs; ++i) queue();
  queue("other kind");
  const ClaimRace race = race_claims(kWorkers, [&](const std::string& worker) {
    std::vector<core::Id> ids;
    for (const auto& job : claim(worker, 100, 0, 2)) ids.push_back(job.id);
    return ids;
  });
  EXPECT_EQ(race.failed, 0);
  const auto& claimed = race.claimed;
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs)) << "of its own kind only";
  EXPECT_EQ(std::set<core::Id>(claimed.begin(), claimed.end()).size(),
            static_cast<std::size_t>(kJobs));
}

TEST_P(JobStoreTest, AnAbandonedClaimIsTakenOverAndOnlyTheHolderRecordsTheEnd) {
  const Job job = queue();
  queue("export", 500);  // not due yet
  const auto first = claim("first", 100);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].status, JobStatus::running);
  EXPECT_EQ(first[0].attempts, 1);
  EXPECT_TRUE(claim("second", 150, 100).empty()) << "claimed at 100: not before 100";
  const auto taken_over = claim("second", 160, 101);
  ASSERT_EQ(taken_over.size(), 1u);
  EXPECT_EQ(taken_over[0].id, job.id);
  EXPECT_EQ(taken_over[0].attempts, 2);

  auto connection = database_->acquire();
  JobStore jobs(*connection);
  EXPECT_FALSE(jobs.finish(job.id, "first", "{}", 170)) << "the claim was lost";
  EXPECT_TRUE(jobs.finish(job.id, "second", "{\"rows\":3}", 170));
  const auto done = jobs.find_owned(job.id, "export", 0);
  EXPECT_FALSE(done) << "owned by nobody";
}

TEST_P(JobStoreTest, AReleasedJobIsDueAtOnceWithoutCountingTheAttempt) {
  const Job job = queue();
  ASSERT_EQ(claim("stopping", 100).size(), 1u);
  {
    auto connection = database_->acquire();
    JobStore(*connection).release("stopping");
  }
  const auto again = claim("next", 101);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, job.id);
  EXPECT_EQ(again[0].attempts, 1);
}

TEST_P(JobStoreTest, FinishedJobsAreFoundForTheCleanUpOldestFirst) {
  const Job done = queue();
  const Job failed = queue();
  queue();  // still queued
  ASSERT_EQ(claim("w", 100, 0, 2).size(), 2u);
  auto connection = database_->acquire();
  JobStore jobs(*connection);
  ASSERT_TRUE(jobs.fail(failed.id, "w", "broken", 200));
  ASSERT_TRUE(jobs.finish(done.id, "w", "{}", 300));
  EXPECT_TRUE(jobs.finished_before("export", 200, 10).empty());
  const auto old = jobs.finished_before("export", 301, 10);
  ASSERT_EQ(old.size(), 2u);
  EXPECT_EQ(old[0].id, failed.id);
  EXPECT_EQ(old[0].status, JobStatus::failed);
  EXPECT_EQ(old[0].error, "broken");
  EXPECT_EQ(old[1].id, done.id);
  jobs.remove(failed.id);
  EXPECT_EQ(jobs.finished_before("export", 301, 10).size(), 1u);
}

TEST_P(JobStoreTest, ForEachStreamsEveryRowAndAbandonsTheRestWhenTheVisitorThrows) {
  auto connection = database_->acquire();
  const std::string numbers =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
      "SELECT i, 'row ' || i FROM n ORDER BY i";
  std::int64_t sum = 0, count = 0;
  connection->for_each(numbers, {std::int64_t{10000}}, [&](const Row& row) {
    sum += row.int64(0);
    ++count;
    EXPECT_EQ(row.text(1), "row " + std::to_string(row.int64(0)));
  });
  EXPECT_EQ(count, 10000);
  EXPECT_EQ(sum, 10000 * 10001 / 2);
  count = 0;
  EXPECT_THROW(connection->for_each(numbers, {std::int64_t{100000}},
                                    [&](const Row&) {
                                      if (++count == 5) throw std::runtime_error("enough");
                                    }),
               std::runtime_error);
  EXPECT_EQ(count, 5);
  EXPECT_EQ(connection->query_one("SELECT 41 + 1")->int64(0), 42) << "the connection still works";
  EXPECT_TRUE(connection->reusable());

  // Inside the caller's transaction, which goes on afterwards.
  Transaction transaction(*connection);
  count = 0;
  connection->for_each(numbers, {std::int64_t{2500}}, [&](const Row&) { ++count; });
  EXPECT_EQ(count, 2500);
  EXPECT_EQ(connection->query_one("SELECT 41 + 1")->int64(0), 42);
  transaction.commit();
  EXPECT_TRUE(connection->reusable());
}

INSTANTIATE_TEST_SUITE_P(Engines, JobStoreTest, ::testing::Values(Engine::sqlite, Engine::postgres),
                         engine_name);

}  // namespace
}  // namespace keyward::store::testing
