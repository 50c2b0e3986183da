#include "core/preferences.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <span>

#include "core/error.hpp"
#include "core/json_input.hpp"

namespace keyward::core {
namespace {

namespace json = boost::json;

constexpr std::string_view kLanguage = "language";
constexpr std::string_view kLicenses = "licenses";
constexpr std::string_view kDevices = "devices";
constexpr std::string_view kHideExpired = "hide_expired";
constexpr std::string_view kColumns = "columns";
constexpr std::string_view kPerPage = "per_page";

// The columns a table shows until the user chooses (SPEC.md §3: the devices section lists
// hostname, own description, group, IP, domain, OS, infections and status).
TablePreferences default_license_table() {
  return {{"name", "customer", "type", "activations", "expires_at"}, kDefaultPageSize};
}
TablePreferences default_device_table() {
  return {{"hostname", "description", "group", "ip", "domain", "os", "infections", "status"},
          kDefaultPageSize};
}

void reject_unknown_members(const json::object& object,
                            std::initializer_list<std::string_view> known, std::string_view path) {
  for (const auto& member : object) {
    if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
      throw invalid_request(field_path(path, member.key()), "is not a preference");
    }
  }
}

std::vector<std::string> parse_columns(const json::value& value,
                                       std::span<const std::string_view> known,
                                       const std::string& path) {
  if (!value.is_array()) throw invalid_request(path, "must be an array of column names");
  const json::array& array = value.get_array();
  if (array.empty()) throw invalid_request(path, "must name at least one column");
  std::vector<std::string> columns;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!array[i].is_string()) throw invalid_request(item_path, "must be a column name");
    const std::string name(array[i].get_string());
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw invalid_request(item_path, "unknown column \"" + name + "\"");
    }
    if (std::find(columns.begin(), columns.end(), name) != columns.end()) {
      throw invalid_request(item_path, "column \"" + name + "\" is listed twice");
    }
    columns.push_back(name);
  }
  return columns;
}

TablePreferences parse_table(const json::object& body, std::string_view field,
                             std::span<const std::string_view> known, TablePreferences table) {
  const json::object* object = optional_object(body, field);
  if (!object) return table;
  reject_unknown_members(*object, {kColumns, kPerPage}, field);
  if (const auto* columns = object->if_contains(kColumns); columns && !columns->is_null()) {
    table.columns = parse_columns(*columns, known, field_path(field, kColumns));
  }
  if (const auto per_page =
          optional_integer(*object, kPerPage, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max(), field)) {
    if (!is_page_size(*per_page)) {
      throw invalid_request(field_path(field, kPerPage), "must be 10, 25, 50 or 100");
    }
    table.per_page = *per_page;
  }
  return table;
}

Language parse_language_field(const json::object& body, Language fallback) {
  const auto* value = body.if_contains(kLanguage);
  if (!value || value->is_null()) return fallback;
  const auto language = value->is_string() ? parse_language(value->get_string()) : std::nullopt;
  if (!language) throw invalid_request(std::string(kLanguage), "must be en or de");
  return *language;
}

json::object table_json(const TablePreferences& table) {
  json::array columns;
  for (const auto& column : table.columns) columns.emplace_back(column);
  return {{kColumns, std::move(columns)}, {kPerPage, table.per_page}};
}

}  // namespace

Preferences default_preferences(Language language) {
  return {language, default_license_table(), default_device_table(), false};
}

Preferences parse_preferences(const json::object& body) {
  reject_unknown_members(body, {kLanguage, kLicenses, kDevices, kHideExpired}, "");
  const Preferences defaults = default_preferences(Language::en);
  Preferences preferences;
  preferences.language = parse_language_field(body, defaults.language);
  preferences.licenses = parse_table(body, kLicenses, kLicenseColumns, defaults.licenses);
  preferences.devices = parse_table(body, kDevices, kDeviceColumns, defaults.devices);
  preferences.hide_expired = optional_bool(body, kHideExpired).value_or(defaults.hide_expired);
  return preferences;
}

json::object to_json(const Preferences& preferences) {
  return {{kLanguage, to_string(preferences.language)},
          {kLicenses, table_json(preferences.licenses)},
          {kDevices, table_json(preferences.devices)},
          {kHideExpired, preferences.hide_expired}};
}

std::string stored_preferences(const Preferences& preferences) {
  json::object stored = to_json(preferences);
  stored.erase(kLanguage);
  return json::serialize(stored);
}

Preferences read_stored_preferences(std::string_view stored, Language language) {
  Preferences preferences = default_preferences(language);
  boost::system::error_code error;
  const json::value document = json::parse(stored, error);
  if (error || !document.is_object()) return preferences;
  const json::object& body = document.get_object();
  // Each part on its own: one outdated part keeps its defaults, the others survive.
  const auto keep_valid = [&](auto read) {
    try {
      read();
    } catch (const Error&) {
    }
  };
  keep_valid([&] {
    preferences.licenses = parse_table(body, kLicenses, kLicenseColumns, preferences.licenses);
  });
  keep_valid([&] {
    preferences.devices = parse_table(body, kDevices, kDeviceColumns, preferences.devices);
  });
  keep_valid([&] {
    preferences.hide_expired = optional_bool(body, kHideExpired).value_or(preferences.hide_expired);
  });
  return preferences;
}

}  // namespace keyward::core
