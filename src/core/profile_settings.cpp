#include "core/profile_settings.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "core/validation.hpp"

namespace keyward::core {
namespace {

namespace json = boost::json;

constexpr std::string_view kPath = "settings";

constexpr std::array<std::pair<std::string_view, bool>, 4> kNotificationDefaults = {{
    {"on_infection", true},
    {"on_update_failure", true},
    {"on_protection_disabled", true},
    {"on_scan_completed", false},
}};

constexpr std::array<std::pair<AutoscanMode, std::string_view>, 4> kAutoscanModes = {{
    {AutoscanMode::off, "off"},
    {AutoscanMode::daily, "daily"},
    {AutoscanMode::weekly, "weekly"},
    {AutoscanMode::monthly, "monthly"},
}};

constexpr std::array<std::pair<ScanType, std::string_view>, 4> kScanTypes = {{
    {ScanType::quick, "quick"},
    {ScanType::system_partition, "system_partition"},
    {ScanType::complete, "complete"},
    {ScanType::removable_media, "removable_media"},
}};

// The enumerator named by the member; absent or null gives `fallback` (required without one).
template <typename Enum, std::size_t N>
Enum parse_enum(const std::array<std::pair<Enum, std::string_view>, N>& names,
                const json::object& object, std::string_view field, std::string_view path,
                std::optional<Enum> fallback) {
  const std::string member = field_path(path, field);
  const json::value* value = object.if_contains(field);
  if (!value || value->is_null()) {
    if (fallback) return *fallback;
    throw invalid_request(member, "is required");
  }
  std::string allowed;
  for (const auto& [candidate, name] : names) {
    if (value->is_string() && value->get_string() == name) return candidate;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  throw invalid_request(member, "must be one of " + allowed);
}

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "HH:MM", 00:00 to 23:59.
std::string parse_time(const json::object& object, std::string_view path) {
  const std::string time = required_text(object, "time", 5, 5, path);
  const bool shaped = is_digit(time[0]) && is_digit(time[1]) && time[2] == ':' &&
                      is_digit(time[3]) && is_digit(time[4]);
  if (!shaped || (time[0] - '0') * 10 + (time[1] - '0') > 23 || time[3] > '5') {
    throw invalid_request(field_path(path, "time"), "must be a time HH:MM from 00:00 to 23:59");
  }
  return time;
}

// A member that the autoscan mode does not use is an error rather than ignored, so that a
// client never believes it set a weekday for a monthly scan.
void reject_member(const json::object& object, std::string_view field, std::string_view path,
                   std::string_view only_for) {
  if (object.if_contains(field)) {
    throw invalid_request(field_path(path, field), "is only for " + std::string(only_for));
  }
}

Autoscan parse_autoscan(const json::object& settings) {
  const std::string path = field_path(kPath, "autoscan");
  const json::object* object = optional_object(settings, "autoscan", kPath);
  if (!object) return {};
  reject_unknown_fields(*object, {"mode", "weekday", "day_of_month", "time"}, path);
  Autoscan autoscan;
  autoscan.mode = parse_enum(kAutoscanModes, *object, "mode", path, std::optional<AutoscanMode>());
  if (autoscan.mode != AutoscanMode::weekly)
    reject_member(*object, "weekday", path, "weekly autoscan");
  if (autoscan.mode != AutoscanMode::monthly) {
    reject_member(*object, "day_of_month", path, "monthly autoscan");
  }
  if (autoscan.mode == AutoscanMode::off) {
    reject_member(*object, "time", path, "a scheduled autoscan");
    autoscan.time.clear();
    return autoscan;
  }
  if (autoscan.mode == AutoscanMode::weekly) {
    autoscan.weekday = static_cast<int>(required_integer(*object, "weekday", 1, 7, path));
  }
  if (autoscan.mode == AutoscanMode::monthly) {
    autoscan.day_of_month =
        static_cast<int>(required_integer(*object, "day_of_month", 1, 31, path));
  }
  autoscan.time = parse_time(*object, path);
  return autoscan;
}

// A secret of `min`..`max` characters; control characters are refused, spaces kept.
SecretChange parse_secret(const json::object& object, std::string_view field, std::string_view path,
                          std::size_t min, std::size_t max) {
  const std::string name = field_path(path, field);
  const json::value* value = object.if_contains(field);
  if (!value) return {};
  if (value->is_null()) return {SecretChange::Action::clear, ""};
  if (const json::object* state = value->if_object()) {
    reject_unknown_fields(*state, {"set"}, name);
    return {required_bool(*state, "set", name) ? SecretChange::Action::keep
                                               : SecretChange::Action::clear,
            ""};
  }
  if (!value->is_string()) {
    throw invalid_request(name, "must be a string, null or {\"set\": true|false}");
  }
  const std::string secret(value->get_string());
  if (!is_valid_utf8(secret)) throw invalid_request(name, "is not valid UTF-8");
  if (std::any_of(secret.begin(), secret.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    throw invalid_request(name, "must not contain control characters");
  }
  const std::size_t length = utf8_length(secret);
  if (length < min || length > max) {
    throw invalid_request(
        name, "must have " + std::to_string(min) + " to " + std::to_string(max) + " characters");
  }
  return {SecretChange::Action::set, secret};
}

std::vector<std::pair<std::string, bool>> parse_notifications(const json::object& settings) {
  const std::string path = field_path(kPath, "notifications");
  const json::object* object = optional_object(settings, "notifications", kPath);
  std::vector<std::pair<std::string, bool>> notifications;
  if (object) {
    reject_unknown_fields(*object,
                          {kNotificationDefaults[0].first, kNotificationDefaults[1].first,
                           kNotificationDefaults[2].first, kNotificationDefaults[3].first},
                          path);
  }
  for (const auto& [event, fallback] : kNotificationDefaults) {
    notifications.emplace_back(event,
                               object ? optional_bool(*object, event, fallback, path) : fallback);
  }
  return notifications;
}

const json::array* optional_array(const json::object& object, std::string_view field,
                                  std::string_view path, std::size_t max_items) {
  const json::value* value = object.if_contains(field);
  if (!value || value->is_null()) return nullptr;
  const std::string name = field_path(path, field);
  if (!value->is_array()) throw invalid_request(name, "must be an array");
  if (value->get_array().size() > max_items) {
    throw invalid_request(name, "must have at most " + std::to_string(max_items) + " entries");
  }
  return &value->get_array();
}

std::string item_name(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index) + "]";
}

std::string text_item(const json::value& value, const std::string& name) {
  if (!value.is_string()) throw invalid_request(name, "must be a string");
  return require_text(name, value.get_string(), 1, kMaxWindowsPath);
}

// Characters that no Windows file name may contain; `*` and `?` are allowed in exclusion
// paths as wildcards, never in process names.
constexpr std::string_view kForbiddenInPaths = "<>\"|";
constexpr std::string_view kForbiddenInNames = "<>\"|\\/:*?";

// The length of a leading %VARIABLE% (letters, digits, _ ( ) such as %ProgramFiles(x86)%),
// or 0.
std::size_t environment_prefix(std::string_view path) {
  if (path.size() < 3 || path[0] != '%') return 0;
  const auto end = path.find('%', 1);
  if (end == std::string_view::npos || end == 1) return 0;
  for (std::size_t i = 1; i < end; ++i) {
    const char c = path[i];
    if (!is_ascii_letter(c) && !is_digit(c) && c != '_' && c != '(' && c != ')') return 0;
  }
  return end + 1;
}

// The length of the root: "C:\" (3), "\\server\share" (up to the share's end), %VAR% (its
// length; the rest must start with "\" or be empty). 0 when the path is not absolute.
std::size_t absolute_root(std::string_view path) {
  if (path.size() >= 3 && is_ascii_letter(path[0]) && path[1] == ':' && path[2] == '\\') return 3;
  if (path.starts_with("\\\\")) {
    const auto server_end = path.find('\\', 2);
    if (server_end == std::string_view::npos || server_end == 2) return 0;
    const auto share_end = path.find('\\', server_end + 1);
    const std::size_t root = share_end == std::string_view::npos ? path.size() : share_end;
    return root > server_end + 1 ? root : 0;
  }
  const std::size_t variable = environment_prefix(path);
  if (variable > 0 && (variable == path.size() || path[variable] == '\\')) return variable;
  return 0;
}

bool has_parent_reference(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('\\', start), path.size());
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

std::string excluded_path(const json::value& value, const std::string& name) {
  std::string path = text_item(value, name);
  std::replace(path.begin(), path.end(), '/', '\\');
  const std::size_t root = absolute_root(path);
  if (root == 0) {
    throw invalid_request(name,
                          "must be an absolute Windows path (C:\\…, \\\\server\\share\\…) or "
                          "start with an environment variable (%ProgramData%\\…)");
  }
  const std::string_view rest = std::string_view(path).substr(root);
  if (rest.find_first_of(kForbiddenInPaths) != std::string_view::npos ||
      rest.find(':') != std::string_view::npos) {
    throw invalid_request(name, "must not contain < > : \" |");
  }
  if (has_parent_reference(path)) throw invalid_request(name, "must not contain \"..\"");
  return path;
}

std::string process_name(const json::value& value, const std::string& name) {
  std::string process = text_item(value, name);
  if (process.find_first_of(kForbiddenInNames) != std::string::npos) {
    throw invalid_request(name, "must be a file name such as backup.exe, without a path or * ?");
  }
  if (process == "." || process == "..") throw invalid_request(name, "is not a file name");
  return process;
}

// Windows compares file names without case, so "C:\Data" and "c:\data" are one exclusion.
void reject_duplicates(const std::vector<std::string>& items, std::string_view list) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (ascii_lower(items[i]) == ascii_lower(items[k])) {
        throw invalid_request(item_name(list, i), "repeats " + item_name(list, k));
      }
    }
  }
}

std::vector<std::string> parse_list(
    const json::object& object, std::string_view field, std::string_view path,
    std::size_t max_items,
    const std::function<std::string(const json::value&, const std::string&)>& item) {
  std::vector<std::string> items;
  const std::string list = field_path(path, field);
  if (const json::array* array = optional_array(object, field, path, max_items)) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      items.push_back(item((*array)[i], item_name(list, i)));
    }
  }
  reject_duplicates(items, list);
  return items;
}

Exclusions parse_exclusions(const json::object& settings) {
  const std::string path = field_path(kPath, "exclusions");
  const json::object* object = optional_object(settings, "exclusions", kPath);
  if (!object) return {};
  reject_unknown_fields(*object, {"paths", "processes", "max_file_size_mb"}, path);
  Exclusions exclusions;
  exclusions.paths = parse_list(*object, "paths", path, kMaxExcludedPaths, excluded_path);
  exclusions.processes =
      parse_list(*object, "processes", path, kMaxExcludedProcesses, process_name);
  exclusions.max_file_size_mb =
      optional_integer(*object, "max_file_size_mb", 0, 4096, path).value_or(0);
  return exclusions;
}

// A host name or an IPv4/IPv6 address, without scheme or port.
std::string proxy_host(const json::object& proxy, std::string_view path) {
  const std::string host = required_text(proxy, "host", 1, 253, path);
  const bool bracketed = host.front() == '[' && host.back() == ']' && host.size() > 2;
  const std::string_view inner =
      bracketed ? std::string_view(host).substr(1, host.size() - 2) : std::string_view(host);
  for (const char c : inner) {
    const bool allowed = bracketed ? (is_digit(c) || is_ascii_letter(c) || c == ':' || c == '.')
                                   : (is_digit(c) || is_ascii_letter(c) || c == '-' || c == '.');
    if (!allowed) {
      throw invalid_request(field_path(path, "host"),
                            "must be a host name or an IP address, without scheme or port");
    }
  }
  if (!bracketed &&
      (host.front() == '.' || host.front() == '-' || host.back() == '.' || host.back() == '-')) {
    throw invalid_request(field_path(path, "host"), "is not a host name");
  }
  return host;
}

std::optional<Proxy> parse_proxy(const json::object& updates, std::string_view updates_path) {
  const std::string path = field_path(updates_path, "proxy");
  const json::object* object = optional_object(updates, "proxy", updates_path);
  if (!object) return std::nullopt;
  reject_unknown_fields(*object, {"host", "port", "username", "password"}, path);
  Proxy proxy;
  proxy.host = proxy_host(*object, path);
  proxy.port = required_integer(*object, "port", 1, 65535, path);
  proxy.username = optional_text(*object, "username", 256, "", path);
  proxy.password = parse_secret(*object, "password", path, 1, 256);
  return proxy;
}

void parse_updates(const json::object& settings, ProfileSettings& result) {
  const std::string path = field_path(kPath, "updates");
  const json::object* object = optional_object(settings, "updates", kPath);
  if (!object) return;
  reject_unknown_fields(*object, {"automatic_product_updates", "proxy", "enabled"}, path);
  // Accepted only as `true`, so clients that state it explicitly keep working.
  if (!optional_bool(*object, "enabled", true, path)) {
    throw invalid_request(field_path(path, "enabled"), "updates can not be disabled");
  }
  result.automatic_product_updates =
      optional_bool(*object, "automatic_product_updates", true, path);
  result.proxy = parse_proxy(*object, path);
}

json::value secret_state(bool set) { return json::object{{"set", set}}; }

json::object autoscan_json(const Autoscan& autoscan) {
  json::object object{{"mode", to_string(autoscan.mode)}};
  if (autoscan.mode == AutoscanMode::weekly) object["weekday"] = autoscan.weekday;
  if (autoscan.mode == AutoscanMode::monthly) object["day_of_month"] = autoscan.day_of_month;
  if (autoscan.mode != AutoscanMode::off) object["time"] = autoscan.time;
  return object;
}

json::array string_array(const std::vector<std::string>& items) {
  json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

const json::value* find_path(const json::value& document,
                             std::initializer_list<std::string_view> path) {
  const json::value* value = &document;
  for (const std::string_view key : path) {
    const json::object* object = value->if_object();
    value = object ? object->if_contains(key) : nullptr;
    if (!value) return nullptr;
  }
  return value;
}

std::optional<std::string> stored_text(const json::value* value) {
  if (value && value->is_string()) return std::string(value->get_string());
  return std::nullopt;
}

// The stored secret after `change`: the previous one, none, or the new one in stored form.
std::optional<std::string> changed_secret(
    const SecretChange& change, const std::optional<std::string>& previous,
    const std::function<std::string(std::string_view)>& stored_form) {
  switch (change.action) {
    case SecretChange::Action::keep:
      return previous;
    case SecretChange::Action::clear:
      return std::nullopt;
    case SecretChange::Action::set:
      return stored_form(change.value);
  }
  return previous;
}

}  // namespace

std::string_view to_string(AutoscanMode mode) { return name_of(kAutoscanModes, mode); }
std::string_view to_string(ScanType type) { return name_of(kScanTypes, type); }

std::optional<ScanType> parse_scan_type(std::string_view text) {
  for (const auto& [type, name] : kScanTypes) {
    if (text == name) return type;
  }
  return std::nullopt;
}

ProfileSettings parse_profile_settings(const json::value& document) {
  const json::object& settings = require_object(document, kPath);
  reject_unknown_fields(settings,
                        {"email_protection", "spam_protection", "autoscan", "scan_type",
                         "settings_password", "notifications", "exclusions", "updates"},
                        kPath);
  ProfileSettings result;
  result.email_protection = optional_bool(settings, "email_protection", true, kPath);
  result.spam_protection = optional_bool(settings, "spam_protection", true, kPath);
  result.autoscan = parse_autoscan(settings);
  result.scan_type =
      parse_enum(kScanTypes, settings, "scan_type", kPath, std::optional(ScanType::quick));
  result.settings_password = parse_secret(settings, "settings_password", kPath, 8, 64);
  result.notifications = parse_notifications(settings);
  result.exclusions = parse_exclusions(settings);
  parse_updates(settings, result);
  return result;
}

StoredSecrets stored_secrets(const json::value& device_settings) {
  return {stored_text(find_path(device_settings, {"settings_password", "hash"})),
          stored_text(find_path(device_settings, {"updates", "proxy", "password"}))};
}

StoredSecrets resolve_secrets(const ProfileSettings& settings, const StoredSecrets& previous,
                              const std::function<std::string(std::string_view)>& hash_password) {
  StoredSecrets secrets;
  secrets.settings_password_hash =
      changed_secret(settings.settings_password, previous.settings_password_hash, hash_password);
  if (settings.proxy) {
    secrets.proxy_password =
        changed_secret(settings.proxy->password, previous.proxy_password,
                       [](std::string_view password) { return std::string(password); });
  }
  return secrets;
}

json::object device_settings_json(const ProfileSettings& settings, const StoredSecrets& secrets) {
  json::object notifications;
  for (const auto& [event, on] : settings.notifications) notifications[event] = on;
  json::value proxy = nullptr;
  if (settings.proxy) {
    proxy = json::object{{"host", settings.proxy->host},
                         {"port", settings.proxy->port},
                         {"username", settings.proxy->username},
                         {"password", secrets.proxy_password ? json::value(*secrets.proxy_password)
                                                             : json::value(nullptr)}};
  }
  json::value password = nullptr;
  if (secrets.settings_password_hash) {
    password = json::object{{"algorithm", "argon2id"}, {"hash", *secrets.settings_password_hash}};
  }
  return {{"email_protection", settings.email_protection},
          {"spam_protection", settings.spam_protection},
          {"autoscan", autoscan_json(settings.autoscan)},
          {"scan_type", to_string(settings.scan_type)},
          {"settings_password", std::move(password)},
          {"notifications", std::move(notifications)},
          {"exclusions",
           {{"paths", string_array(settings.exclusions.paths)},
            {"processes", string_array(settings.exclusions.processes)},
            {"max_file_size_mb", settings.exclusions.max_file_size_mb}}},
          {"updates",
           {{"automatic_product_updates", settings.automatic_product_updates},
            {"proxy", std::move(proxy)}}}};
}

json::object portal_settings_json(const json::value& device_settings) {
  json::object view = device_settings.is_object() ? device_settings.get_object() : json::object{};
  const StoredSecrets secrets = stored_secrets(device_settings);
  view["settings_password"] = secret_state(secrets.settings_password_hash.has_value());
  json::value* updates = view.if_contains("updates");
  json::value* proxy =
      updates && updates->is_object() ? updates->get_object().if_contains("proxy") : nullptr;
  if (proxy && proxy->is_object()) {
    proxy->get_object()["password"] = secret_state(secrets.proxy_password.has_value());
  }
  return view;
}

}  // namespace keyward::core
