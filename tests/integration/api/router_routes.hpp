#pragma once
// Every route the server registers, as "METHOD /pattern", read from a router built exactly
// as `keyward serve` builds it (on a throwaway SQLite database).

#include <set>
#include <string>

namespace keyward::test {

std::set<std::string> router_routes();
// Only the portal API's routes (/api/v1/…).
std::set<std::string> portal_routes();

}  // namespace keyward::test
