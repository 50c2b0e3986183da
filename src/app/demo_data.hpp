#pragma once
// Demo data for `make run`: two resellers with customers, users of every role and licenses
// of both types. Created once; later runs find it and change nothing.

#include <string>
#include <vector>

#include "store/database.hpp"

namespace keyward::app {

struct DemoLogin {
  std::string email;
  std::string password;
};

struct DemoLicense {
  std::string key;
  int devices = 0;  // how many simulated devices `make run` activates with it
};

struct DemoSummary {
  bool created = false;  // false when the demo data was already there
  DemoLogin reseller_admin;
  std::vector<DemoLicense> licenses;  // filled only when created
};

DemoSummary ensure_demo_data(store::Database& database);

}  // namespace keyward::app
