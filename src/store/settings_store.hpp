#pragma once
// Operator settings (app_settings): thresholds, the current client release, the OS
// end-of-life calendar. Key/value text; app/policy gives them types and defaults.

#include <map>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace keyward::store {

class SettingsStore {
 public:
  explicit SettingsStore(Connection& connection) : connection_(connection) {}

  std::map<std::string, std::string> all();
  std::optional<std::string> get(const std::string& key);
  void set(const std::string& key, const std::string& value);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
