#include "app/device_activation.hpp"

#include "app/action_log.hpp"
#include "app/activation_events.hpp"
#include "app/device_evaluation.hpp"
#include "app/login_throttle.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/license_key.hpp"
#include "core/license_terms.hpp"
#include "core/time_format.hpp"
#include "store/action_log_store.hpp"
#include "store/device_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"
#include "store/token_hash.hpp"

namespace keyward::app {
namespace {

constexpr core::UnixTime kDay = 86400;
constexpr core::UnixTime kHour = 3600;
constexpr const char* kActivated = "device.activated";
constexpr const char* kRateLimited = "device.activation_rate_limited";

core::Error unknown_license() {
  return core::Error(core::ErrorKind::not_found, "unknown_license", "no license has this key");
}

std::int64_t activation_limit(const core::License& license, const Policy& policy) {
  return license.seats_total ? policy.activation_limit_factor * *license.seats_total
                             : policy.msp_activation_limit;
}

void copy_request(const core::ActivationRequest& request, const std::string& peer_address,
                  core::Device& device) {
  device.hostname = request.hostname;
  device.os_name = request.os.name;
  device.os_version = request.os.version;
  device.os_build = request.os.build;
  device.client_version = request.client_version.to_string();
  device.domain = request.domain;
  device.ip = request.ip.empty() ? peer_address : request.ip;
}

// Refuses a new activation beyond the churn limit. The refusal is logged (once an hour per
// license, so a looping client cannot flood the log) and that entry is committed even though
// the activation fails.
void enforce_churn_limit(store::Connection& connection, store::Transaction& transaction,
                         const core::License& license, const Policy& policy,
                         core::UnixTime now) {
  store::ActionLogStore log(connection);
  const std::int64_t limit = activation_limit(license, policy);
  // Counted in whole hours: the current hour and the 23 before it.
  const core::UnixTime window_start = now - kDay + kHour;
  if (store::LicenseStore(connection).activations_since(license.id, window_start) < limit) {
    return;
  }
  if (log.count_since(license.id, kRateLimited, now - kHour) == 0) {
    log_client_event(connection, license, std::nullopt, kRateLimited, core::ActionStatus::aborted,
                     "more than " + std::to_string(limit) + " new activations in 24 hours", now);
    transaction.commit();
  }
  throw core::Error(core::ErrorKind::rate_limited, "activation_rate_limited",
                    "this license had " + std::to_string(limit) +
                        " new activations in the last 24 hours; try again later");
}

core::Device new_device(const core::License& license, const core::ActivationRequest& request,
                        const std::string& peer_address, core::UnixTime now) {
  core::Device device;
  device.license_id = license.id;
  device.customer_id = license.customer_id;
  device.reseller_id = license.reseller_id;
  device.group_id = *license.main_group_id;
  device.machine_id = request.machine_id;
  device.first_contact_at = now;
  device.last_contact_at = now;
  copy_request(request, peer_address, device);
  return device;
}

}  // namespace

void prune_activation_counts(store::Database& database, core::UnixTime now) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::LicenseStore(*connection).forget_activations_before(now - 2 * kDay);
  transaction.commit();
}

void throw_unknown_device_token(store::Connection& connection, const std::string& token_hash) {
  if (store::DeviceStore(connection).is_deleted_token(token_hash)) {
    throw core::Error(core::ErrorKind::gone, "device_deleted",
                      "this device was deleted in the portal; activate it again to return");
  }
  throw core::Error(core::ErrorKind::unauthorized, "invalid_token", "the device token is not valid");
}

namespace {

ActivationResult activate_once(store::Database& database, PolicyCache& policies,
                               const core::ActivationRequest& request, const std::string& key,
                               const std::string& peer_address, core::UnixTime now) {
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  store::Transaction transaction(*connection);
  store::LicenseStore licenses(*connection);
  const auto license = licenses.find_by_key_for_update(key);
  if (!license || !license->main_group_id) throw unknown_license();
  if (core::is_expired(license->expires_at, now)) {
    throw core::Error(core::ErrorKind::forbidden, "license_expired",
                      "the license expired on " + core::format_date(license->expires_at));
  }

  store::DeviceStore devices(*connection);
  ActivationResult result;
  result.token = new_token("kwd_");
  const std::string token_hash = store::hash_token(result.token);
  core::Device before;
  if (auto known = devices.find_by_machine(license->id, request.machine_id)) {
    before = *known;
    // The same machine again (a reinstall): same device and seat. A device deactivated in the
    // portal stays deactivated; only the portal activates it again.
    result.device = *known;
    copy_request(request, peer_address, result.device);
    result.device.last_contact_at = now;
    devices.set_token(result.device.id, token_hash);
    log_client_event(*connection, *license, result.device.id, "device.reactivated",
                     core::ActionStatus::completed, "", now);
  } else {
    enforce_churn_limit(*connection, transaction, *license, *policy, now);
    if (!licenses.try_take_seat(license->id)) {
      throw core::Error(core::ErrorKind::conflict, "no_free_activations",
                        "all " + std::to_string(license->seats_total.value_or(0)) +
                            " activations of this license are in use");
    }
    result.device = new_device(*license, request, peer_address, now);
    result.device.token_hash = token_hash;
    result.device = devices.create(result.device);
    licenses.record_activation(license->id, now);
    before = result.device;
    result.created = true;
    log_client_event(*connection, *license, result.device.id, kActivated,
                     core::ActionStatus::completed, "", now);
    activation_taken(*connection, license->id, result.device, now);
  }
  result.settings = store::ProfileStore(*connection).current_for_group(result.device.group_id);
  const bool shared =
      devices.count_same_hostname(license->id, result.device.hostname, result.device.id) > 0;
  const auto report = evaluate_device(
      result.device, result.settings ? std::optional(result.settings->revision) : std::nullopt,
      shared, *policy, now);
  result.device.status_flags = stored_status_flags(report);
  devices.save_report(result.device, before);
  if (shared) {
    refresh_hostname_peers(*connection, *policy, license->id, result.device.hostname,
                           result.device.id, now);
  }
  transaction.commit();
  return result;
}

// The activation itself, once the address may still guess keys.
ActivationResult activate_with_key(store::Database& database, PolicyCache& policies,
                                   const core::ActivationRequest& request,
                                   const std::string& peer_address, core::UnixTime now) {
  const auto key = core::normalize_license_key(request.license_key);
  if (!key) throw unknown_license();
  try {
    return activate_once(database, policies, request, *key, peer_address, now);
  } catch (const store::DbError& error) {
    // The same machine activating twice at once: the loser's insert hits the unique machine
    // id (its seat was rolled back); once more, it finds the device and reuses it.
    if (error.db_kind() != store::DbErrorKind::unique_violation) throw;
    return activate_once(database, policies, request, *key, peer_address, now);
  }
}

}  // namespace

ActivationResult activate_device(store::Database& database, PolicyCache& policies,
                                 const core::ActivationRequest& request,
                                 const std::string& peer_address, core::UnixTime now) {
  require_key_guesses_left(database, peer_address, now);
  try {
    return activate_with_key(database, policies, request, peer_address, now);
  } catch (const core::Error& error) {
    if (error.code() == "unknown_license") record_key_guess(database, peer_address, now);
    throw;
  }
}

}  // namespace keyward::app
