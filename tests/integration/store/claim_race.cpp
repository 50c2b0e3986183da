#include "claim_race.hpp"

#include <mutex>
#include <thread>

namespace keyward::store::testing {

ClaimRace race_claims(int workers,
                      const std::function<std::vector<core::Id>(const std::string&)>& claim) {
  ClaimRace race;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (;;) {
          const auto ids = claim("worker" + std::to_string(w));
          if (ids.empty()) return;
          std::lock_guard lock(mutex);
          race.claimed.insert(ids.begin(), ids.end());
        }
      } catch (const std::exception&) {
        std::lock_guard lock(mutex);
        ++race.failed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return race;
}

}  // namespace keyward::store::testing
