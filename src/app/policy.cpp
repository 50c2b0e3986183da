#include "app/policy.hpp"

#include <functional>
#include <map>

#include "core/error.hpp"
#include "core/os_eol.hpp"
#include "core/validation.hpp"
#include "store/settings_store.hpp"

namespace keyward::app {
namespace {

constexpr std::int64_t kDay = 86400;

struct Setting {
  PolicyKey key;
  // Parses `text` into `policy`, throwing invalid_request naming the key.
  std::function<void(Policy&, const std::string&)> apply;
  std::function<std::string(const Policy&)> show;
};

std::function<void(Policy&, const std::string&)> integer_setting(
    std::string_view key, std::int64_t Policy::*member, std::int64_t min, std::int64_t max) {
  return [key, member, min, max](Policy& policy, const std::string& text) {
    policy.*member = core::parse_integer(key, text, min, max);
  };
}

std::function<std::string(const Policy&)> show_integer(std::int64_t Policy::*member) {
  return [member](const Policy& policy) { return std::to_string(policy.*member); };
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {{"stale_days", "days without contact before a device shows code 20 'unknown' (1-365)"},
       [](Policy& policy, const std::string& text) {
         policy.status.stale_days = core::parse_integer("stale_days", text, 1, 365);
       },
       [](const Policy& policy) { return std::to_string(policy.status.stale_days); }},
      {{"current_client_version", "the current client release; older clients are 'obsolete'"},
       [](Policy& policy, const std::string& text) {
         policy.status.current_client_version =
             core::Version::parse(text, "current_client_version");
       },
       [](const Policy& policy) {
         return policy.status.current_client_version
                    ? policy.status.current_client_version->to_string()
                    : std::string();
       }},
      {{"remote_settings_minimum", "the oldest client version that takes remote settings"},
       [](Policy& policy, const std::string& text) {
         policy.status.remote_settings_minimum =
             core::Version::parse(text, "remote_settings_minimum");
       },
       [](const Policy& policy) { return policy.status.remote_settings_minimum.to_string(); }},
      {{"checkin_interval_s", "seconds between device check-ins (30-86400)"},
       integer_setting("checkin_interval_s", &Policy::checkin_interval_s, 30, kDay),
       show_integer(&Policy::checkin_interval_s)},
      {{"activation_limit_factor",
        "new activations per license in 24 hours, as a multiple of its seats (1-100)"},
       integer_setting("activation_limit_factor", &Policy::activation_limit_factor, 1, 100),
       show_integer(&Policy::activation_limit_factor)},
      {{"msp_activation_limit", "new activations per MSP license in 24 hours (1-1000000)"},
       integer_setting("msp_activation_limit", &Policy::msp_activation_limit, 1, 1000000),
       show_integer(&Policy::msp_activation_limit)},
      {{"command_queue_timeout_s",
        "seconds a command may wait for its device before it is aborted (60-2592000)"},
       integer_setting("command_queue_timeout_s", &Policy::command_queue_timeout_s, 60,
                       30 * kDay),
       show_integer(&Policy::command_queue_timeout_s)},
      {{"command_ack_timeout_s",
        "seconds a delivered command may go unacknowledged before it is aborted (60-604800)"},
       integer_setting("command_ack_timeout_s", &Policy::command_ack_timeout_s, 60, 7 * kDay),
       show_integer(&Policy::command_ack_timeout_s)},
      {{"os_eol_calendar", "the OS end-of-life calendar (JSON, see data/os_eol.json)"},
       [](Policy& policy, const std::string& text) {
         policy.status.os_eol = core::parse_os_eol_calendar(text);
       },
       [](const Policy& policy) { return core::serialize_os_eol_calendar(policy.status.os_eol); }},
  };
  return all;
}

const Setting& setting_for(const std::string& key) {
  for (const Setting& setting : settings()) {
    if (setting.key.key == key) return setting;
  }
  throw core::Error(core::ErrorKind::invalid_request, "unknown_setting",
                    "unknown policy key \"" + key + "\"");
}

Policy default_policy() {
  Policy policy;
  policy.status.current_client_version = core::Version::parse("3.2.34");
  policy.status.os_eol = core::parse_os_eol_calendar(default_os_eol_json());
  return policy;
}

}  // namespace

const std::vector<PolicyKey>& policy_keys() {
  static const std::vector<PolicyKey> keys = [] {
    std::vector<PolicyKey> result;
    for (const Setting& setting : settings()) result.push_back(setting.key);
    return result;
  }();
  return keys;
}

Policy load_policy(store::Connection& connection) {
  Policy policy = default_policy();
  for (const auto& [key, value] : store::SettingsStore(connection).all()) {
    for (const Setting& setting : settings()) {
      // Values were validated when stored; keys of other features are not the policy's.
      if (setting.key.key == key) setting.apply(policy, value);
    }
  }
  return policy;
}

void set_policy_value(store::Connection& connection, const std::string& key,
                      const std::string& value) {
  const Setting& setting = setting_for(key);
  Policy checked = default_policy();
  setting.apply(checked, value);
  store::SettingsStore(connection).set(key, setting.show(checked));
}

std::vector<std::pair<std::string, std::string>> describe_policy(const Policy& policy) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const Setting& setting : settings()) {
    values.emplace_back(setting.key.key, setting.show(policy));
  }
  return values;
}

std::shared_ptr<const Policy> PolicyCache::get(store::Connection& connection) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!policy_ || now - loaded_at_ > max_age_) {
    policy_ = std::make_shared<const Policy>(load_policy(connection));
    loaded_at_ = now;
  }
  return policy_;
}

void PolicyCache::invalidate() {
  std::lock_guard lock(mutex_);
  policy_.reset();
}

}  // namespace keyward::app
