#pragma once
// The settings of a configuration profile (SPEC.md §2): validation of what the portal sends,
// the normalised document that is stored as a revision and that devices receive (activation,
// check-in commands, GET /agent/v1/settings), and the portal's view of it without secrets.
//
// Rules:
//  - Every member of the settings document is optional and takes its default when absent, so
//    `{}` is a valid profile; a member that is not listed below is an error naming it.
//  - email_protection, spam_protection: bool (default true).
//  - autoscan: {mode: off|daily|weekly|monthly, weekday 1..7 (ISO: 1 Monday .. 7 Sunday,
//    weekly only), day_of_month 1..31 (monthly only; 29, 30 and 31 mean "the last day" in
//    months that are shorter), time "HH:MM" (24 h, the device's local time; not for off)}.
//    A member that does not belong to the mode is an error. Default: weekly, Monday, 12:00.
//  - scan_type: quick | system_partition | complete | removable_media (default quick).
//  - settings_password: protects the client's settings UI. 8..64 characters. Devices receive
//    only a salted Argon2id hash they verify locally; the portal never shows it.
//  - notifications: {on_infection, on_update_failure, on_protection_disabled,
//    on_scan_completed}: bools (defaults true, true, true, false).
//  - exclusions: {paths: ≤500 absolute Windows paths (C:\…, \\server\share\…) or paths that
//    start with an environment variable (%ProgramData%\…), each ≤260 characters, `/` read
//    as `\`, `*` and `?` allowed as wildcards, no `..`, no duplicates in any letter case;
//    processes: ≤200 file names (no path, no wildcards), each ≤260 characters;
//    max_file_size_mb: 0..4096, 0 = no limit}.
//  - updates: {automatic_product_updates: bool (default true), proxy: null or {host, port
//    1..65535, username?, password?}}. Updates can not be disabled: there is no member that
//    turns them off, and `enabled: false` is refused with its own message.
//  - Secrets (settings_password, updates.proxy.password) are never returned by the portal
//    API, so a client that saves what it read can not send them back. In a request a secret
//    is: absent or {"set": true} = keep the stored one; null or {"set": false} = remove it;
//    a string = the new value. The proxy password is stored and sent to devices as entered,
//    because the client must present it to the proxy.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyward::core {

enum class AutoscanMode { off, daily, weekly, monthly };
enum class ScanType { quick, system_partition, complete, removable_media };

struct Autoscan {
  AutoscanMode mode = AutoscanMode::weekly;
  int weekday = 1;       // weekly
  int day_of_month = 1;  // monthly
  std::string time = "12:00";
};

// How a request changes a stored secret (see the rules above).
struct SecretChange {
  enum class Action { keep, clear, set };
  Action action = Action::keep;
  std::string value;  // the new secret, for set
};

struct Proxy {
  std::string host;
  std::int64_t port = 0;
  std::string username;  // empty: no authentication
  SecretChange password;
};

struct Exclusions {
  std::vector<std::string> paths;
  std::vector<std::string> processes;
  std::int64_t max_file_size_mb = 0;
};

struct ProfileSettings {
  bool email_protection = true;
  bool spam_protection = true;
  Autoscan autoscan;
  ScanType scan_type = ScanType::quick;
  SecretChange settings_password;
  std::vector<std::pair<std::string, bool>> notifications;  // every event, in a fixed order
  Exclusions exclusions;
  bool automatic_product_updates = true;
  std::optional<Proxy> proxy;
};

inline constexpr std::size_t kMaxExcludedPaths = 500;
inline constexpr std::size_t kMaxExcludedProcesses = 200;
inline constexpr std::size_t kMaxWindowsPath = 260;

// Validates a settings document from the portal. Throws core::Error invalid_request naming
// the member by its path ("settings.autoscan.weekday: must be between 1 and 7").
ProfileSettings parse_profile_settings(const boost::json::value& document);

// The secrets of a stored revision (empty members: not set).
struct StoredSecrets {
  std::optional<std::string> settings_password_hash;
  std::optional<std::string> proxy_password;
};
StoredSecrets stored_secrets(const boost::json::value& device_settings);

// The secrets after applying the request's changes to `previous`; `hash_password` turns a
// new settings password into the hash devices verify. A proxy password only survives while
// there is a proxy.
StoredSecrets resolve_secrets(const ProfileSettings& settings, const StoredSecrets& previous,
                              const std::function<std::string(std::string_view)>& hash_password);

// The normalised document that is stored and that devices receive.
boost::json::object device_settings_json(const ProfileSettings& settings,
                                         const StoredSecrets& secrets);

// A stored document as the portal shows it: every secret replaced by {"set": true|false}.
boost::json::object portal_settings_json(const boost::json::value& device_settings);

std::string_view to_string(AutoscanMode mode);
std::string_view to_string(ScanType type);
std::optional<ScanType> parse_scan_type(std::string_view text);

}  // namespace keyward::core
