#pragma once
// Bulk work that must not slow down the device check-ins (building a preconfigured MSI is
// ~50-100 ms of CPU for a 20 MB original): it runs on a few threads of their own at the
// lowest CPU priority (nice 19), at most one per two cores, and the caller waits for it.
// Check-ins then take the CPU whenever they need it, and twenty concurrent downloads queue
// here instead of each taking a core.

#include <functional>

namespace keyward::installer {

// Runs `work` on a background thread and returns when it is done; its exception is
// rethrown here.
void run_in_background(const std::function<void()>& work);

}  // namespace keyward::installer
