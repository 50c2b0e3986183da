#pragma once
// The domain's plain values as the store reads and writes them. No behaviour beyond naming
// the enum values: rules live in core's rule files and in app. Ids are database ids, times
// are unix seconds, JSON documents are kept as text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keyward::core {

using Id = std::int64_t;
using UnixTime = std::int64_t;

enum class CompanyKind { operator_, reseller, customer };
enum class Role { admin, technician, viewer };
enum class Language { en, de };
enum class LicenseType { purchase, msp };
enum class MuteLevel { none, some, all };
enum class ActionStatus { created, outstanding, running, waiting, completed, aborted };
enum class MailStatus { pending, sent, failed };
enum class JobStatus { queued, running, done, failed };

// The text form is what the database stores and the API shows; parse_* accept exactly it.
std::string_view to_string(CompanyKind value);
std::string_view to_string(Role value);
std::string_view to_string(Language value);
std::string_view to_string(LicenseType value);
std::string_view to_string(MuteLevel value);
std::string_view to_string(ActionStatus value);
std::string_view to_string(MailStatus value);
std::string_view to_string(JobStatus value);
std::optional<CompanyKind> parse_company_kind(std::string_view text);
std::optional<Role> parse_role(std::string_view text);
std::optional<Language> parse_language(std::string_view text);
std::optional<LicenseType> parse_license_type(std::string_view text);
std::optional<MuteLevel> parse_mute_level(std::string_view text);
std::optional<ActionStatus> parse_action_status(std::string_view text);
std::optional<MailStatus> parse_mail_status(std::string_view text);
std::optional<JobStatus> parse_job_status(std::string_view text);

struct Company {
  Id id = 0;
  std::optional<Id> parent_id;  // empty only for the operator
  CompanyKind kind = CompanyKind::customer;
  std::string name;
  UnixTime created_at = 0;
};

struct User {
  Id id = 0;
  Id company_id = 0;
  std::string email;          // stored as entered; unique case-insensitively
  std::string name;           // display name
  std::string password_hash;  // Argon2id string (libsodium crypto_pwhash_str)
  Role role = Role::viewer;
  Language language = Language::en;
  std::string preferences = "{}";  // JSON: table columns, page size
  std::optional<std::string> totp_secret;
  bool totp_enabled = false;
  bool disabled = false;
  UnixTime created_at = 0;
  std::optional<UnixTime> last_login_at;
};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string token_hash;  // the token itself is shown once and never stored
  UnixTime created_at = 0;
  std::optional<UnixTime> last_used_at;
  std::optional<UnixTime> revoked_at;
};

struct Session {
  Id id = 0;
  Id user_id = 0;
  std::string token_hash;
  std::string csrf_token;
  UnixTime created_at = 0;
  UnixTime last_seen_at = 0;
  UnixTime idle_expires_at = 0;      // pushed forward by activity
  UnixTime absolute_expires_at = 0;  // never moves
};

struct License {
  Id id = 0;
  std::string key;
  std::string name;
  Id customer_id = 0;
  Id reseller_id = 0;  // the customer's reseller, copied for tenant filters and sharding
  LicenseType type = LicenseType::purchase;
  std::optional<std::int64_t> seats_total;  // empty: msp, unlimited
  std::int64_t seats_used = 0;
  std::optional<std::int64_t> term_years;
  UnixTime expires_at = 0;
  std::optional<std::int64_t> notify_at;
  std::optional<Id> main_group_id;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

struct Group {
  Id id = 0;
  Id license_id = 0;
  std::optional<Id> parent_id;  // empty: the license's main group
  std::string name;
  std::optional<Id> profile_id;
  UnixTime created_at = 0;
};

struct Profile {
  Id id = 0;
  Id owner_company_id = 0;
  std::string name;
  std::int64_t current_revision = 0;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

struct ProfileRevision {
  Id id = 0;
  Id profile_id = 0;
  std::int64_t revision = 0;
  std::string settings = "{}";  // JSON
  std::optional<Id> created_by;
  UnixTime created_at = 0;
};

struct Device {
  Id id = 0;
  Id license_id = 0;
  Id customer_id = 0;  // the license's, for tenant filters
  Id reseller_id = 0;
  Id group_id = 0;
  std::string machine_id;
  std::string token_hash;
  std::string hostname;
  std::string description;
  std::string ip;
  std::string domain;
  std::string os_name;
  std::string os_version;
  std::string os_build;
  std::string client_version;
  std::int64_t infections = 0;
  bool realtime_on = true;
  bool updates_on = true;
  std::int64_t settings_revision = 0;
  std::optional<UnixTime> settings_applied_at;
  MuteLevel muted = MuteLevel::none;
  std::string muted_categories = "[]";  // JSON array of notification categories
  bool active = true;
  std::optional<UnixTime> deactivated_at;
  UnixTime first_contact_at = 0;
  UnixTime last_contact_at = 0;
  std::int64_t status_flags = 0;  // bitmask of the status filter keys, kept for indexed filters
};

struct DeviceCommand {
  Id id = 0;
  Id device_id = 0;
  std::string type;
  std::string payload = "{}";  // JSON
  ActionStatus status = ActionStatus::outstanding;
  std::optional<Id> action_id;
  UnixTime created_at = 0;
  std::optional<UnixTime> queued_at;     // outstanding: waiting for the device's next check-in
  std::optional<UnixTime> delivered_at;  // running: handed to the device
  std::optional<UnixTime> completed_at;
  std::string message;
};

// One step of an action's walk (created → outstanding → running → completed | aborted).
struct ActionTransition {
  ActionStatus status = ActionStatus::created;
  UnixTime at = 0;
  bool operator==(const ActionTransition&) const = default;
};

struct ActionLogEntry {
  Id id = 0;
  Id company_id = 0;  // the customer the entry belongs to (tenant scope)
  Id reseller_id = 0;
  std::optional<Id> license_id;
  std::optional<Id> device_id;
  std::string action;
  ActionStatus status = ActionStatus::created;
  std::string client_message;
  std::optional<Id> user_id;  // empty: the device ("Client")
  std::string actor;          // user's name at the time, or "Client"
  UnixTime started_at = 0;
  std::optional<UnixTime> ended_at;
  std::string details = "{}";  // JSON
  std::vector<ActionTransition> timeline;  // oldest first; filled by the reads that show it
};

struct Recipient {
  Id id = 0;
  Id license_id = 0;
  std::string email;
  std::optional<Id> user_id;  // set for portal users, who count as verified
  std::optional<UnixTime> verified_at;
  std::optional<std::string> verify_token_hash;
  UnixTime created_at = 0;
};

struct Comment {
  Id id = 0;
  Id license_id = 0;
  std::optional<Id> author_user_id;
  std::string author_name;
  std::string body;
  UnixTime created_at = 0;
};

struct OutboxMail {
  Id id = 0;
  std::string recipient;
  std::string subject;
  std::string text_body;
  std::string html_body;
  MailStatus status = MailStatus::pending;
  std::int64_t attempts = 0;
  UnixTime next_attempt_at = 0;
  std::optional<std::string> last_error;
  std::optional<UnixTime> sent_at;
  UnixTime created_at = 0;
};

struct Job {
  Id id = 0;
  std::string kind;
  std::string payload = "{}";  // JSON
  JobStatus status = JobStatus::queued;
  std::optional<Id> owner_user_id;
  std::optional<Id> company_id;
  std::int64_t attempts = 0;
  UnixTime run_at = 0;
  std::optional<std::string> claimed_by;
  std::optional<UnixTime> claimed_at;
  std::optional<std::string> result;
  std::optional<std::string> error;
  UnixTime created_at = 0;
  std::optional<UnixTime> finished_at;
};

}  // namespace keyward::core
