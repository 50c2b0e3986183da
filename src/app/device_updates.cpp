#include "app/device_updates.hpp"

#include <boost/json/parse.hpp>

#include "app/device_evaluation.hpp"
#include "app/license_access.hpp"
#include "core/validation.hpp"
#include "store/device_store.hpp"

namespace keyward::app {

DeviceDetails update_device(store::Database& database, PolicyCache& policies, const Actor& actor,
                            core::Id device_id, const DeviceChanges& changes) {
  require_change_rights(actor, "change devices");
  const std::optional<std::string> description =
      changes.description
          ? std::optional(core::require_multiline_text("description", *changes.description, 0,
                                                       kMaxDeviceDescriptionLength))
          : std::nullopt;
  const core::UnixTime at = now();
  {
    auto connection = database.acquire();
    const auto policy = policies.get(*connection);
    store::Transaction transaction(*connection);
    const core::Device device = changeable_device(*connection, actor, device_id, at).device;
    store::DeviceStore devices(*connection);
    boost::json::object details;
    if (description) {
      devices.set_description(device.id, *description);
      details["description"] = *description;
    }
    if (changes.muted) {
      const std::string categories = core::muted_categories_json(*changes.muted);
      devices.set_muted(device.id, changes.muted->level, categories);
      details["muted"] = core::to_string(changes.muted->level);
      details["muted_categories"] = boost::json::parse(categories);
    }
    refresh_status_flags(*connection, *policy, device.id, at);
    log_change(*connection, actor, device_change(device, "device.updated", std::move(details)), at);
    transaction.commit();
  }
  return describe_device(database, policies, actor, device_id);
}

}  // namespace keyward::app
