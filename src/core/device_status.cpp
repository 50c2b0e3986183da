#include "core/device_status.hpp"

#include "core/error.hpp"

namespace keyward::core {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

struct Row {
  FilterKey key;
  std::string_view name;
  StatusCategory category;
  int code;
};

// Indexed by the filter key's bit number.
constexpr std::array<Row, kAllFilterKeys.size()> kRows = {{
    {FilterKey::unknown, "unknown", StatusCategory::device, 20},
    {FilterKey::threatened, "threatened", StatusCategory::device, 30},
    {FilterKey::obsolete, "obsolete", StatusCategory::device, 20},
    {FilterKey::insecure, "insecure", StatusCategory::device, 20},
    {FilterKey::deactivated, "deactivated", StatusCategory::device, 40},
    {FilterKey::eol, "eol", StatusCategory::device, 20},
    {FilterKey::settings_incomplete, "settings_incomplete", StatusCategory::settings, 20},
    {FilterKey::profile_missing, "profile_missing", StatusCategory::settings, 30},
    {FilterKey::no_remote_settings, "no_remote_settings", StatusCategory::settings, 40},
    {FilterKey::review, "review", StatusCategory::other, 50},
    {FilterKey::muted, "muted", StatusCategory::other, 50},
    {FilterKey::partly_muted, "partly_muted", StatusCategory::other, 50},
}};

const Row& row_of(FilterKey key) { return kRows[static_cast<std::size_t>(key)]; }

std::chrono::sys_days day_of(std::int64_t unix_seconds) {
  return std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}});
}

DeviceStatus status_of(FilterKey key, StatusParameters parameters = {}) {
  const Row& row = row_of(key);
  return DeviceStatus{row.category, row.code, key, std::move(parameters)};
}

// True when `text` is below `minimum`; a version that does not parse is below everything.
bool older_than(const std::string& text, const Version& minimum) {
  const std::optional<Version> version = Version::try_parse(text);
  return !version || *version < minimum;
}

}  // namespace

int bit_of(FilterKey key) { return static_cast<int>(key); }

StatusFlags flag_of(FilterKey key) { return StatusFlags{1} << bit_of(key); }

FilterKey filter_key_from_bit(int bit) {
  if (bit < 0 || bit >= static_cast<int>(kRows.size())) {
    throw invalid_request("status_flags", "bit " + std::to_string(bit) + " names no status");
  }
  return kRows[static_cast<std::size_t>(bit)].key;
}

std::string_view to_string(FilterKey key) { return row_of(key).name; }

FilterKey parse_filter_key(std::string_view text) {
  for (const Row& row : kRows) {
    if (row.name == text) return row.key;
  }
  throw invalid_request("status", "unknown status filter \"" + std::string(text) + "\"");
}

StatusFlags parse_status_filter(std::string_view text) {
  StatusFlags flags = 0;
  if (text.empty()) return flags;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    flags |= flag_of(parse_filter_key(text.substr(start, comma - start)));
    if (comma == std::string_view::npos) return flags;
    start = comma + 1;
  }
}

std::vector<FilterKey> filter_keys_of(StatusFlags flags) {
  std::vector<FilterKey> keys;
  for (int bit = 0; bit < 32; ++bit) {
    if ((flags & (StatusFlags{1} << bit)) != 0) keys.push_back(filter_key_from_bit(bit));
  }
  return keys;
}

std::string_view to_string(StatusCategory category) {
  switch (category) {
    case StatusCategory::device:
      return "device";
    case StatusCategory::settings:
      return "settings";
    case StatusCategory::other:
      return "other";
  }
  return "other";
}

std::optional<StatusCategory> parse_status_category(std::string_view text) {
  for (const auto category :
       {StatusCategory::device, StatusCategory::settings, StatusCategory::other}) {
    if (to_string(category) == text) return category;
  }
  return std::nullopt;
}

StatusCategory category_of(FilterKey key) { return row_of(key).category; }

int code_of(FilterKey key) { return row_of(key).code; }

const DeviceStatus* StatusReport::find(FilterKey key) const {
  for (const auto& status : statuses) {
    if (status.key == key) return &status;
  }
  return nullptr;
}

const DeviceStatus* StatusReport::worst(StatusCategory category) const {
  for (const auto& status : worst_per_category) {
    if (status.category == category) return &status;
  }
  return nullptr;
}

StatusReport compute_device_status(const DeviceFacts& device, const GroupFacts& group,
                                   const StatusPolicy& policy, std::int64_t now_unix_seconds,
                                   OsEolMemo* memo) {
  StatusReport report;
  auto& out = report.statuses;

  // Device category, in table order.
  const std::int64_t silent_seconds = now_unix_seconds - device.last_contact_at;
  if (silent_seconds > policy.stale_days * kSecondsPerDay) {
    out.push_back(
        status_of(FilterKey::unknown, {.days_without_contact = silent_seconds / kSecondsPerDay}));
  }
  if (device.infections > 0) {
    out.push_back(status_of(FilterKey::threatened, {.threat_count = device.infections}));
  }
  if (policy.current_client_version &&
      older_than(device.client_version, *policy.current_client_version)) {
    out.push_back(status_of(FilterKey::obsolete,
                            {.version = device.client_version,
                             .required_version = policy.current_client_version->to_string()}));
  }
  if (device.active && !(device.realtime_on && device.updates_on)) {
    out.push_back(status_of(FilterKey::insecure));
  }
  if (!device.active) {
    StatusParameters parameters;
    if (device.deactivated_at) parameters.date = day_of(*device.deactivated_at);
    out.push_back(status_of(FilterKey::deactivated, std::move(parameters)));
  }
  const EolVerdict eol =
      memo ? end_of_life_verdict(memo->match(device.os, policy.os_eol), now_unix_seconds)
           : is_end_of_life(device.os, policy.os_eol, now_unix_seconds);
  if (eol.end_of_life) {
    out.push_back(
        status_of(FilterKey::eol, {.date = eol.entry->end_of_support, .os_name = eol.entry->name}));
  }
  if (out.empty()) out.push_back(DeviceStatus{StatusCategory::device, 10, std::nullopt, {}});

  // Settings category: exactly one row, see the precedence in the header.
  if (older_than(device.client_version, policy.remote_settings_minimum)) {
    out.push_back(status_of(FilterKey::no_remote_settings,
                            {.version = device.client_version,
                             .required_version = policy.remote_settings_minimum.to_string()}));
  } else if (!group.profile_revision) {
    out.push_back(status_of(FilterKey::profile_missing));
  } else if (device.applied_settings_revision != group.profile_revision) {
    out.push_back(status_of(FilterKey::settings_incomplete));
  } else {
    StatusParameters parameters;
    if (device.settings_applied_at) parameters.date = day_of(*device.settings_applied_at);
    out.push_back(DeviceStatus{StatusCategory::settings, 10, std::nullopt, std::move(parameters)});
  }

  // Other category.
  if (device.hostname_shared_in_license) out.push_back(status_of(FilterKey::review));
  if (device.muted == MuteLevel::all) out.push_back(status_of(FilterKey::muted));
  if (device.muted == MuteLevel::some) out.push_back(status_of(FilterKey::partly_muted));

  for (const auto& status : out) {
    if (status.key) report.flags |= flag_of(*status.key);
    DeviceStatus* worst = nullptr;
    for (auto& candidate : report.worst_per_category) {
      if (candidate.category == status.category) worst = &candidate;
    }
    if (worst == nullptr) {
      report.worst_per_category.push_back(status);
    } else if (status.code > worst->code) {
      *worst = status;
    }
  }
  return report;
}

}  // namespace keyward::core
