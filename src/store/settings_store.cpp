#include "store/settings_store.hpp"

namespace keyward::store {

std::map<std::string, std::string> SettingsStore::all() {
  std::map<std::string, std::string> settings;
  for (const Row& row : connection_.query("SELECT key, value FROM app_settings")) {
    settings.emplace(row.text(0), row.text(1));
  }
  return settings;
}

std::optional<std::string> SettingsStore::get(const std::string& key) {
  const auto row = connection_.query_one("SELECT value FROM app_settings WHERE key = $1", {key});
  if (!row) return std::nullopt;
  return row->text(0);
}

void SettingsStore::set(const std::string& key, const std::string& value) {
  connection_.execute(
      "INSERT INTO app_settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {key, value});
}

}  // namespace keyward::store
