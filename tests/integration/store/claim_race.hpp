#pragma once
// Several workers claiming from one leased queue at the same moment (store/leased_queue):
// what the outbox and the webhook deliveries must both survive.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/entities.hpp"

namespace keyward::store::testing {

struct ClaimRace {
  std::multiset<core::Id> claimed;  // every id any worker got, with repeats
  int failed = 0;                   // workers that hit an error
};

// Runs `workers` threads, each calling `claim(its name)` until it returns no ids.
ClaimRace race_claims(int workers,
                      const std::function<std::vector<core::Id>(const std::string&)>& claim);

}  // namespace keyward::store::testing
