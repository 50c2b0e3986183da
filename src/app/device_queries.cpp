#include "app/device_queries.hpp"

#include <boost/json/object.hpp>

#include "app/action_log.hpp"
#include "app/device_evaluation.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "store/action_log_store.hpp"
#include "store/device_command_store.hpp"
#include "store/device_store.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"

namespace keyward::app {

DeviceDetails describe_device(store::Database& database, PolicyCache& policies, const Actor& actor,
                              core::Id device_id) {
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  store::DeviceStore devices(*connection);
  const auto device = devices.find(actor.scope, device_id);
  if (!device) throw core::not_found("device");
  const auto revision = store::ProfileStore(*connection).current_for_group(device->group_id);
  const bool shared =
      devices.count_same_hostname(device->license_id, device->hostname, device->id) > 0;
  const auto group = store::GroupStore(*connection).find(actor.scope, device->group_id);
  const auto license = store::LicenseStore(*connection).find(actor.scope, device->license_id);
  return DeviceDetails{
      *device,
      group ? group->name : "",
      license ? license->name : "",
      evaluate_device(*device, revision ? std::optional(revision->revision) : std::nullopt, shared,
                      *policy, now()),
      store::DeviceCommandStore(*connection).list_by_device(device->id),
      store::ActionLogStore(*connection).list_by_device(device->id)};
}

void delete_device(store::Database& database, PolicyCache& policies, const Actor& actor,
                   core::Id device_id) {
  require_change_rights(actor, "delete devices");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  store::Transaction transaction(*connection);
  store::DeviceStore devices(*connection);
  const auto device = devices.find(actor.scope, device_id);
  if (!device) throw core::not_found("device");
  const auto license = store::LicenseStore(*connection).find(actor.scope, device->license_id);
  if (!license) throw core::not_found("device");
  core::require_unexpired(license->expires_at, at);
  if (device->active) {
    throw core::Error(core::ErrorKind::conflict, "device_active",
                      "only a deactivated device can be deleted; deactivate it first");
  }
  devices.remove(device->id, at);
  refresh_hostname_peers(*connection, *policy, device->license_id, device->hostname, device->id,
                         at);
  log_change(*connection, actor,
             {.company_id = device->customer_id,
              .reseller_id = device->reseller_id,
              .license_id = device->license_id,
              .device_id = device->id,
              .action = "device.deleted",
              .details = {{"hostname", device->hostname}, {"machine_id", device->machine_id}}},
             at);
  transaction.commit();
}

}  // namespace keyward::app
