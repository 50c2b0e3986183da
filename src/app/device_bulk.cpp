#include "app/device_bulk.hpp"

#include "app/activation_events.hpp"
#include "app/device_commands.hpp"
#include "app/device_evaluation.hpp"
#include "app/device_queries.hpp"
#include "app/license_access.hpp"
#include "core/license_terms.hpp"
#include "store/device_store.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"

namespace keyward::app {
namespace {

core::Error conflict(const std::string& code, const std::string& message) {
  return core::Error(core::ErrorKind::conflict, code, message);
}

// Where the devices go, read once for the whole request.
struct MoveTarget {
  core::Group group;
  core::License license;
};

MoveTarget move_target(store::Database& database, const Actor& actor, core::Id group_id) {
  auto connection = database.acquire();
  auto group = store::GroupStore(*connection).find(actor.scope, group_id);
  if (!group) throw core::not_found("group");
  core::License license = visible_license(*connection, actor, group->license_id);
  return {std::move(*group), std::move(license)};
}

// Moves the activation of an active device from `from` to `to`.
void move_activation(store::LicenseStore& licenses, const core::License& from,
                     const core::License& to) {
  if (!licenses.try_take_seat(to.id)) {
    throw conflict("no_free_activations",
                   "all activations of the target group's license are in use");
  }
  licenses.release_seat(from.id);
}

void put_into_group(store::DeviceStore& devices, const core::Device& device,
                    const MoveTarget& target) {
  try {
    devices.move_to_group(device.id, target.group, target.license);
  } catch (const store::DbError& error) {
    if (error.db_kind() != store::DbErrorKind::unique_violation) throw;
    throw conflict("machine_in_license",
                   "the target group's license has a device of this machine already");
  }
}

void move_device(store::Connection& connection, const Policy& policy, const Actor& actor,
                 core::Id device_id, const MoveTarget& target, core::UnixTime at) {
  store::Transaction transaction(connection);
  const auto [device, source] = changeable_device(connection, actor, device_id, at);
  core::require_unexpired(target.license.expires_at, at);
  if (device.group_id == target.group.id) return;
  const bool other_license = target.license.id != source.id;
  store::DeviceStore devices(connection);
  if (other_license && device.active) {
    store::LicenseStore licenses(connection);
    move_activation(licenses, source, target.license);
  }
  put_into_group(devices, device, target);
  refresh_status_flags(connection, policy, device.id, at);
  const boost::json::object details{{"from_group_id", device.group_id},
                                    {"to_group_id", target.group.id},
                                    {"from_license_id", source.id},
                                    {"to_license_id", target.license.id}};
  log_change(connection, actor, device_change(device, "device.moved", details), at);
  if (other_license) {
    // The review status compares host names within a license: both licenses change.
    refresh_hostname_peers(connection, policy, source.id, device.hostname, device.id, at);
    refresh_hostname_peers(connection, policy, target.license.id, device.hostname, device.id, at);
    core::Device moved = device;
    moved.license_id = target.license.id;
    moved.customer_id = target.license.customer_id;
    moved.reseller_id = target.license.reseller_id;
    log_change(connection, actor, device_change(moved, "device.moved", details), at);
    // The activation changed licenses: each license's subscribers hear about their side.
    if (device.active) {
      activation_freed(connection, source.id, device, at);
      activation_taken(connection, target.license.id, moved, at);
    }
  }
  transaction.commit();
}

void run_one(store::Database& database, PolicyCache& policies, const Actor& actor,
             const core::BulkDeviceRequest& request, const std::optional<MoveTarget>& target,
             core::Id device_id) {
  switch (request.action) {
    case core::BulkAction::move: {
      auto connection = database.acquire();
      const auto policy = policies.get(*connection);
      move_device(*connection, *policy, actor, device_id, *target, now());
      return;
    }
    case core::BulkAction::activate:
      queue_device_command(database, policies, actor, {.device_id = device_id, .type = "activate"});
      return;
    case core::BulkAction::deactivate:
      queue_device_command(database, policies, actor,
                           {.device_id = device_id, .type = "deactivate"});
      return;
    case core::BulkAction::remove:
      delete_device(database, policies, actor, device_id);
      return;
  }
}

}  // namespace

std::vector<BulkItemResult> run_bulk_device_action(store::Database& database, PolicyCache& policies,
                                                   const Actor& actor,
                                                   const core::BulkDeviceRequest& request) {
  require_change_rights(actor, "change devices");
  std::optional<MoveTarget> target;
  if (request.action == core::BulkAction::move) {
    target = move_target(database, actor, *request.group_id);
  }
  return for_each_device(request.device_ids, [&](core::Id device_id) {
    run_one(database, policies, actor, request, target, device_id);
  });
}

std::vector<BulkItemResult> for_each_device(const std::vector<core::Id>& device_ids,
                                            const std::function<void(core::Id)>& action) {
  std::vector<BulkItemResult> results;
  results.reserve(device_ids.size());
  for (const core::Id device_id : device_ids) {
    BulkItemResult result{.device_id = device_id};
    try {
      action(device_id);
    } catch (const core::Error& error) {
      // A defect is not a refusal of this device: let it fail the request and reach the log.
      if (error.kind() == core::ErrorKind::internal) throw;
      result.error = error;
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace keyward::app
