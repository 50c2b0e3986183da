// Seat counting under concurrent activations: several threads, each with its own pooled
// connection (as several servers would have), race for the seats of one license.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/license_store.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

class ConcurrencyTest : public StoreTest {};

TEST_P(ConcurrencyTest, ConcurrentActivationsNeverExceedTheSeats) {
  constexpr int kSeats = 50;
  constexpr int kThreads = 8;
  constexpr int kAttemptsPerThread = 25;  // 200 attempts in all
  const core::License license = make_license(tenants_.customer_a1, kSeats, "key-race");
  std::atomic<int> taken = 0;
  std::atomic<int> refused = 0;
  std::atomic<int> failed = 0;
  std::atomic<bool> go = false;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto connection = database_->acquire();
      LicenseStore licenses(*connection);
      while (!go) std::this_thread::yield();
      for (int i = 0; i < kAttemptsPerThread; ++i) {
        try {
          // Each attempt is its own transaction, as an activation would be.
          Transaction transaction(*connection);
          const bool took = licenses.try_take_seat(license.id);
          transaction.commit();
          ++(took ? taken : refused);
        } catch (const std::exception&) {
          ++failed;
        }
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(taken, kSeats);
  EXPECT_EQ(refused, kThreads * kAttemptsPerThread - kSeats);
  auto connection = database_->acquire();
  EXPECT_EQ(LicenseStore(*connection)
                .find(core::TenantScope::of(tenants_.operator_company), license.id)
                ->seats_used,
            kSeats);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConcurrencyTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
