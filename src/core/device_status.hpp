#pragma once
// The status table of SPEC.md §2 as one pure function: the facts about a device, its group and
// the vendor's policy go in, every status that applies comes out. The list and the status
// filter store its `flags` in an indexed column, so the bit numbering below is part of the
// database format.
//
// Precedence (the table lets several rows apply; these rules keep the result meaningful):
//  - Device: unknown, threatened, obsolete, eol and deactivated are independent and may all
//    apply (a deactivated device keeps checking in and can still report threats). insecure
//    does not apply to a deactivated device, whose protection is off because the portal
//    turned it off. "Up to date" (code 10) applies only when no other device status does.
//  - Settings: exactly one status. no_remote_settings (client below the minimum version)
//    wins, because such a client cannot receive any profile; otherwise profile_missing, since
//    without a profile there is no revision to compare; otherwise settings_incomplete when
//    the applied revision differs from the profile's; otherwise "applied on <date>".
//  - Other: review, and at most one of muted / partly_muted.
//  - A client version that does not parse counts as older than every version (obsolete and
//    no_remote_settings): the agent API rejects such reports, so it only comes from old data,
//    and claiming such a client is current would hide a problem.
//  - "No contact for more than X days" means strictly more: exactly X days is still fine.
//  - Worst per category: the highest code; between equal codes the first row of the table.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/os_eol.hpp"
#include "core/version.hpp"

namespace keyward::core {

enum class StatusCategory { device, settings, other };

// Filter keys, one per non-OK status row. The enumerator value is the bit number in
// StatusFlags and is stored in the database: never renumber, only append.
//   bit 0 unknown              bit 6  settings_incomplete
//   bit 1 threatened           bit 7  profile_missing
//   bit 2 obsolete             bit 8  no_remote_settings
//   bit 3 insecure             bit 9  review
//   bit 4 deactivated          bit 10 muted
//   bit 5 eol                  bit 11 partly_muted
enum class FilterKey : std::uint8_t {
  unknown = 0,
  threatened = 1,
  obsolete = 2,
  insecure = 3,
  deactivated = 4,
  eol = 5,
  settings_incomplete = 6,
  profile_missing = 7,
  no_remote_settings = 8,
  review = 9,
  muted = 10,
  partly_muted = 11,
};

inline constexpr std::array<FilterKey, 12> kAllFilterKeys = {FilterKey::unknown,
                                                             FilterKey::threatened,
                                                             FilterKey::obsolete,
                                                             FilterKey::insecure,
                                                             FilterKey::deactivated,
                                                             FilterKey::eol,
                                                             FilterKey::settings_incomplete,
                                                             FilterKey::profile_missing,
                                                             FilterKey::no_remote_settings,
                                                             FilterKey::review,
                                                             FilterKey::muted,
                                                             FilterKey::partly_muted};

using StatusFlags = std::uint32_t;

int bit_of(FilterKey key);
StatusFlags flag_of(FilterKey key);
// Throws core::Error invalid_request for a bit that names no filter key.
FilterKey filter_key_from_bit(int bit);
std::string_view to_string(FilterKey key);  // "unknown", "settings_incomplete", ...
// Exact, lower-case keys as in to_string; throws core::Error invalid_request("status", ...).
FilterKey parse_filter_key(std::string_view text);
// A comma-separated filter such as "unknown,eol" (the query parameter); empty gives 0.
StatusFlags parse_status_filter(std::string_view text);
// The keys of the set bits, in bit order; throws invalid_request for bits beyond the table.
std::vector<FilterKey> filter_keys_of(StatusFlags flags);

std::string_view to_string(StatusCategory category);  // "device", "settings", "other"
std::optional<StatusCategory> parse_status_category(std::string_view text);
StatusCategory category_of(FilterKey key);
// The status code of the key's row (20, 30, ...): higher is worse within a category.
int code_of(FilterKey key);

struct DeviceFacts {
  bool active = true;
  std::optional<std::int64_t> deactivated_at;  // unix seconds
  std::int64_t last_contact_at = 0;            // unix seconds; activation is the first contact
  std::int64_t infections = 0;                 // reported, untreated, since the last contact
  std::string client_version;
  bool realtime_on = true;
  bool updates_on = true;
  OsInfo os;
  std::optional<std::int64_t> applied_settings_revision;  // none: never applied
  std::optional<std::int64_t> settings_applied_at;        // unix seconds
  MuteLevel muted = MuteLevel::none;
  bool hostname_shared_in_license = false;  // another device of the license has the hostname
};

struct GroupFacts {
  std::optional<std::int64_t> profile_revision;  // none: the group has no profile
};

struct StatusPolicy {
  std::int64_t stale_days = 7;
  std::optional<Version> current_client_version;  // none: no release published, none obsolete
  Version remote_settings_minimum = Version::parse("3.0.0");
  OsEolCalendar os_eol;
};

// What the message of a status is filled with; only the members its row uses are set.
struct StatusParameters {
  std::optional<std::int64_t> days_without_contact;  // unknown
  std::optional<std::int64_t> threat_count;          // threatened
  std::optional<std::string> version;                // obsolete, no_remote_settings
  std::optional<std::string> required_version;  // obsolete: current; no_remote_settings: minimum
  std::optional<std::chrono::sys_days> date;    // deactivated, eol (end of support), settings OK
  std::optional<std::string> os_name;           // eol: the matched calendar entry's name

  friend bool operator==(const StatusParameters&, const StatusParameters&) = default;
};

struct DeviceStatus {
  StatusCategory category = StatusCategory::device;
  int code = 10;
  std::optional<FilterKey> key;  // none for the OK rows (device up to date, settings applied)
  StatusParameters parameters;

  friend bool operator==(const DeviceStatus&, const DeviceStatus&) = default;
};

struct StatusReport {
  std::vector<DeviceStatus> statuses;            // in the order of the table
  std::vector<DeviceStatus> worst_per_category;  // device, settings, then other if any applies
  StatusFlags flags = 0;                         // one bit per filter key that applies

  bool has(FilterKey key) const { return (flags & flag_of(key)) != 0; }
  // The status of `key`, or nullptr when it does not apply.
  const DeviceStatus* find(FilterKey key) const;
  // The worst status of `category`, or nullptr when none applies (only possible for other).
  const DeviceStatus* worst(StatusCategory category) const;
};

// `memo`, when given, is used for policy.os_eol only (see OsEolMemo).
StatusReport compute_device_status(const DeviceFacts& device, const GroupFacts& group,
                                   const StatusPolicy& policy, std::int64_t now_unix_seconds,
                                   OsEolMemo* memo = nullptr);

}  // namespace keyward::core
