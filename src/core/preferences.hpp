#pragma once
// A user's preferences (SPEC.md §3 "User preferences"): language, the visible columns and
// page size of the licenses and devices tables, and whether expired licenses are hidden by
// default. The language lives in its own column (mails use it); the rest is stored as JSON.

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/list_query.hpp"

namespace keyward::core {

// The columns the web UI can show, in their default order. Names match the sort keys of the
// lists where a column is sortable.
inline constexpr std::array<std::string_view, 9> kLicenseColumns = {
    "name",       "key",   "customer",  "type",      "activations",
    "expires_at", "group", "notify_at", "created_at"};
inline constexpr std::array<std::string_view, 12> kDeviceColumns = {
    "hostname", "description", "group",      "license", "customer",       "ip",
    "domain",   "os",          "infections", "status",  "client_version", "last_contact_at"};

struct TablePreferences {
  std::vector<std::string> columns;
  std::int64_t per_page = kDefaultPageSize;

  friend bool operator==(const TablePreferences&, const TablePreferences&) = default;
};

struct Preferences {
  Language language = Language::en;
  TablePreferences licenses;
  TablePreferences devices;
  bool hide_expired = false;

  friend bool operator==(const Preferences&, const Preferences&) = default;
};

// What a new user starts with.
Preferences default_preferences(Language language);

// A complete preferences document from a request body: every member is optional and takes
// its default when absent; unknown members, unknown or repeated column names, an empty
// column list and page sizes other than 10/25/50/100 are core::Error invalid_request naming
// the field (e.g. "licenses.columns[2]: unknown column \"foo\"").
Preferences parse_preferences(const boost::json::object& body);

// {language, licenses:{columns, per_page}, devices:{columns, per_page}, hide_expired}
boost::json::object to_json(const Preferences& preferences);

// The stored JSON (everything but the language) and back. Reading is forgiving: a document
// written by another version (a column that no longer exists) gives the defaults of the
// affected part instead of an error, so a user can always sign in.
std::string stored_preferences(const Preferences& preferences);
Preferences read_stored_preferences(std::string_view stored, Language language);

}  // namespace keyward::core
