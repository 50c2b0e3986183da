#pragma once
// Devices for portal API tests: health reports sent over the real device protocol, and the
// small database reads tests use to prove that a refused call changed nothing.

#include <cstdint>
#include <memory>
#include <string>

#include "portal_world.hpp"
#include "store/database.hpp"

namespace keyward::test {

// What a device reports at a check-in; the defaults are a healthy device as activated by
// PortalWorld::activate_device.
struct Health {
  std::string hostname;
  std::string client_version = "3.2.34";
  std::int64_t infections = 0;
  bool realtime = true;
  bool updates = true;
  std::string ip = "10.0.0.7";
  std::string domain = "office.local";
  std::string os_name = "Windows 11 Pro";
};

// Checks in with `token`; fails the test unless the server answers 200.
void check_in(const PortalWorld& world, const std::string& token, const Health& health);

// The devices row's `column` (as text) and a license's seats_used, read directly.
std::string device_column(PortalWorld& world, std::int64_t device_id, const std::string& column);
std::int64_t seats_used(PortalWorld& world, std::int64_t license_id);
// Makes the license expired (yesterday).
void expire(PortalWorld& world, std::int64_t license_id);
// Moves the device's last contact `days` days (and a minute) into the past, a state only time
// can make.
void silence(PortalWorld& world, std::int64_t device_id, std::int64_t days);

// An in-process connection to the world's database, for store calls in tests.
std::unique_ptr<store::Database> open_database(const PortalWorld& world);

// Query-string encoding of `text` (every byte outside [A-Za-z0-9-_.~] as %XX).
std::string url_encode(const std::string& text);

}  // namespace keyward::test
