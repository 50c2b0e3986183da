#pragma once
// Finding the license a portal request names, with the checks every license use case makes
// in the same order: role (403), tenancy (404, so existence does not leak), then state (409
// license_expired: an expired license is read-only).

#include <string_view>

#include "app/action_log.hpp"
#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

// The license, when `actor` may see it; 404 "license not found" otherwise.
core::License visible_license(store::Connection& connection, const Actor& actor,
                              core::Id license_id);

// The license for a change called `what` ("rename licenses"): 403 for viewers, 404 as
// above, 409 license_expired when it has expired at `now`.
core::License changeable_license(store::Connection& connection, const Actor& actor,
                                 core::Id license_id, std::string_view what, core::UnixTime now);

// A device for a change (the caller checks the role first): 404 "device not found" when the
// actor can not see it, 409 license_expired when its license has expired at `now` (a
// device's changes are changes of its license's data, which is then read-only).
struct ChangeableDevice {
  core::Device device;
  core::License license;
};
ChangeableDevice changeable_device(store::Connection& connection, const Actor& actor,
                                   core::Id device_id, core::UnixTime now);

// An action-log entry about the license (its customer, reseller and id filled in).
LoggedChange license_change(const core::License& license, std::string action,
                            boost::json::object details = {});
// An action-log entry about the device (its customer, reseller, license and id filled in).
LoggedChange device_change(const core::Device& device, std::string action,
                           boost::json::object details = {});

}  // namespace keyward::app
