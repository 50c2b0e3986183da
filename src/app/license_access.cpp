#include "app/license_access.hpp"

#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "store/device_store.hpp"
#include "store/license_store.hpp"

namespace keyward::app {

core::License visible_license(store::Connection& connection, const Actor& actor,
                              core::Id license_id) {
  return core::found(store::LicenseStore(connection).find(actor.scope, license_id), "license");
}

core::License changeable_license(store::Connection& connection, const Actor& actor,
                                 core::Id license_id, std::string_view what, core::UnixTime now) {
  require_change_rights(actor, what);
  core::License license = visible_license(connection, actor, license_id);
  core::require_unexpired(license.expires_at, now);
  return license;
}

ChangeableDevice changeable_device(store::Connection& connection, const Actor& actor,
                                   core::Id device_id, core::UnixTime now) {
  auto device = store::DeviceStore(connection).find(actor.scope, device_id);
  if (!device) throw core::not_found("device");
  auto license = store::LicenseStore(connection).find(actor.scope, device->license_id);
  if (!license) throw core::not_found("device");
  core::require_unexpired(license->expires_at, now);
  return {std::move(*device), std::move(*license)};
}

LoggedChange license_change(const core::License& license, std::string action,
                            boost::json::object details) {
  return LoggedChange{.company_id = license.customer_id,
                      .reseller_id = license.reseller_id,
                      .license_id = license.id,
                      .action = std::move(action),
                      .details = std::move(details)};
}

LoggedChange device_change(const core::Device& device, std::string action,
                           boost::json::object details) {
  return LoggedChange{.company_id = device.customer_id,
                      .reseller_id = device.reseller_id,
                      .license_id = device.license_id,
                      .device_id = device.id,
                      .action = std::move(action),
                      .details = std::move(details)};
}

}  // namespace keyward::app
