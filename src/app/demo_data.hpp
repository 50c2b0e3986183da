#pragma once
// Demo data for `make run`: two resellers with customers, users of every role and licenses
// of both types. Created once; later runs find it and change nothing.

#include <string>

#include "store/database.hpp"

namespace keyward::app {

struct DemoLogin {
  std::string email;
  std::string password;
};

struct DemoSummary {
  bool created = false;  // false when the demo data was already there
  DemoLogin reseller_admin;
  int licenses = 0;
};

DemoSummary ensure_demo_data(store::Database& database);

}  // namespace keyward::app
