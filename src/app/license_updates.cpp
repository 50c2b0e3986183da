#include "app/license_updates.hpp"

#include "app/action_log.hpp"
#include "app/license_access.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "store/device_store.hpp"
#include "store/license_store.hpp"

namespace keyward::app {
namespace {

boost::json::value json_or_null(const std::optional<std::int64_t>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

store::LicenseView reread(store::Connection& connection, const Actor& actor, core::Id license_id) {
  return core::found(store::LicenseDirectory(connection).find(actor.scope, license_id), "license");
}

}  // namespace

store::LicenseView update_license(store::Database& database, const Actor& actor,
                                  core::Id license_id, const LicenseChanges& changes) {
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::License license =
      changeable_license(*connection, actor, license_id, "change licenses", at);
  const std::string name = changes.name.value_or(license.name);
  std::optional<std::int64_t> notify_at = license.notify_at;
  if (changes.change_notify_at) {
    notify_at =
        changes.notify_at
            ? std::optional(core::require_notify_at(*changes.notify_at, license.seats_total))
            : std::nullopt;
  }
  store::LicenseStore(*connection).set_name_and_notify_at(license.id, name, notify_at, at);
  log_change(*connection, actor,
             license_change(
                 license, "license.updated",
                 {{"name", {{"from", license.name}, {"to", name}}},
                  {"notify_at",
                   {{"from", json_or_null(license.notify_at)}, {"to", json_or_null(notify_at)}}}}),
             at);
  store::LicenseView view = reread(*connection, actor, license.id);
  transaction.commit();
  return view;
}

store::LicenseView refresh_license(store::Database& database, const Actor& actor,
                                   core::Id license_id) {
  require_change_rights(actor, "update licenses");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::LicenseStore licenses(*connection);
  const core::License visible = visible_license(*connection, actor, license_id);
  // Locks the row like an activation does, so that no activation of this license counts a
  // seat between the recount and its result being written.
  const core::License license = *licenses.find_by_key_for_update(visible.key);
  const std::int64_t active = store::DeviceStore(*connection).count_active(license.id);
  if (license.seats_total && active > *license.seats_total) {
    throw core::Error(core::ErrorKind::conflict, "activations_exceed_seats",
                      std::to_string(active) + " devices are active but the license has only " +
                          std::to_string(*license.seats_total) +
                          " activations; deactivate devices first");
  }
  licenses.set_seats_used(license.id, active, at);
  log_change(*connection, actor,
             license_change(license, "license.refreshed",
                            {{"seats_used", {{"from", license.seats_used}, {"to", active}}},
                             {"seats_total", json_or_null(license.seats_total)},
                             {"expires_at", license.expires_at}}),
             at);
  store::LicenseView view = reread(*connection, actor, license.id);
  transaction.commit();
  return view;
}

}  // namespace keyward::app
