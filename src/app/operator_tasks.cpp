#include "app/operator_tasks.hpp"

#include "app/action_log.hpp"
#include "app/policy.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "core/time_format.hpp"
#include "store/license_store.hpp"

namespace keyward::app {
namespace {

constexpr const char* kClientVersionKey = "current_client_version";
constexpr const char* kOsEolKey = "os_eol_calendar";

core::Error conflict(const std::string& code, const std::string& message) {
  return core::Error(core::ErrorKind::conflict, code, message);
}

void change_seats(store::LicenseStore& licenses, const core::License& license,
                  std::int64_t seats_total, core::UnixTime at, boost::json::object& details) {
  if (!license.seats_total) {
    throw conflict("license_unlimited", "an msp license has unlimited activations");
  }
  const std::int64_t seats = core::require_seats(seats_total, "seats_total");
  if (seats == *license.seats_total) return;
  if (!licenses.set_seats_total(license.id, seats, at)) {
    throw conflict("seats_below_used", "seats_total: " + std::to_string(license.seats_used) +
                                           " activations are in use; deactivate devices first");
  }
  details["seats_total"] = {{"from", *license.seats_total}, {"to", seats}};
}

Policy read_policy(store::Database& database) {
  auto connection = database.acquire();
  return load_policy(*connection);
}

}  // namespace

core::License change_license_terms(store::Database& database, const Actor& actor,
                                   core::Id license_id, const LicenseTermsChange& change) {
  require_operator_admin(actor, "change seats and expiry of licenses");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::LicenseStore licenses(*connection);
  const auto license = licenses.find(actor.scope, license_id);
  if (!license) throw core::not_found("license");
  boost::json::object details;
  if (change.seats_total) change_seats(licenses, *license, *change.seats_total, at, details);
  if (change.expires_at && *change.expires_at != license->expires_at) {
    licenses.set_expiry(license->id, *change.expires_at, at);
    details["expires_at"] = {{"from", core::format_timestamp(license->expires_at)},
                             {"to", core::format_timestamp(*change.expires_at)}};
  }
  if (!details.empty()) {
    log_change(*connection, actor,
               {.company_id = license->customer_id,
                .reseller_id = license->reseller_id,
                .license_id = license->id,
                .action = "license.terms_changed",
                .details = std::move(details)},
               at);
  }
  transaction.commit();
  return *licenses.find(actor.scope, license_id);
}

void change_policy(store::Database& database, const Actor& actor, const std::string& key,
                   const std::string& value, const StatusRefresh& refresh) {
  require_operator_admin(actor, "change the policy");
  const core::UnixTime at = now();
  {
    auto connection = database.acquire();
    store::Transaction transaction(*connection);
    set_policy_value(*connection, key, value);
    const core::Id operator_id = actor.scope.company_id();
    log_change(*connection, actor,
               {.company_id = operator_id,
                .reseller_id = operator_id,
                .action = "policy.changed",
                // The calendar is long; its own version number says which one it is.
                .details = {{"key", key},
                            {"value", key == kOsEolKey ? std::string("(calendar)") : value}}},
               at);
    transaction.commit();
  }
  if (refresh) refresh();
}

std::optional<core::Version> current_client_version(store::Database& database, const Actor& actor) {
  require_operator_admin(actor, "read the client release");
  return read_policy(database).status.current_client_version;
}

void publish_client_version(store::Database& database, const Actor& actor,
                            const core::Version& version, const StatusRefresh& refresh) {
  change_policy(database, actor, kClientVersionKey, version.to_string(), refresh);
}

core::OsEolCalendar os_eol_calendar(store::Database& database, const Actor& actor) {
  require_operator_admin(actor, "read the OS end-of-life calendar");
  return read_policy(database).status.os_eol;
}

void set_os_eol_calendar(store::Database& database, const Actor& actor,
                         const core::OsEolCalendar& calendar, const StatusRefresh& refresh) {
  change_policy(database, actor, kOsEolKey, core::serialize_os_eol_calendar(calendar), refresh);
}

}  // namespace keyward::app
