#pragma once
// Small helpers shared by the portal API tests of groups, profiles and operator routes:
// reading what the API does not show (status flags, rows) straight from the database.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "core/device_status.hpp"
#include "portal_world.hpp"

namespace keyward::test {

inline std::int64_t stored_status_flags(PortalWorld& world, std::int64_t device_id) {
  return world.database().sql_int("SELECT status_flags FROM devices WHERE id = " +
                                  std::to_string(device_id));
}

inline bool has_status(PortalWorld& world, std::int64_t device_id, core::FilterKey key) {
  return (stored_status_flags(world, device_id) & core::flag_of(key)) != 0;
}

// Polls `condition` for up to 20 s: for work the server does in the background.
inline bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

inline std::int64_t count_rows(PortalWorld& world, const std::string& table,
                               const std::string& where = "1 = 1") {
  return world.database().sql_int("SELECT COUNT(*) FROM " + table + " WHERE " + where);
}

}  // namespace keyward::test
