#pragma once
// Bulk actions on selected devices (SPEC.md §2 Device). Each device is handled on its own,
// in its own transaction: a refused device is reported and the others proceed.
//  - activate / deactivate queue the device commands (app/device_commands);
//  - delete needs a deactivated device (409 device_active);
//  - move into a group of the same license moves the device; into a group of another license
//    (which the actor can see) it also moves the activation: an active device needs a free
//    activation there (409 no_free_activations), frees its old one, and its license and
//    tenant columns follow the group.
// A device the actor can not see reports not_found, exactly like one that does not exist.

#include <functional>
#include <optional>
#include <vector>

#include "app/actor.hpp"
#include "app/policy.hpp"
#include "core/bulk_request.hpp"
#include "core/error.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct BulkItemResult {
  core::Id device_id = 0;
  std::optional<core::Error> error;  // empty: done
};

// Runs `action` for each device id on its own: a core::Error it throws (other than an internal
// one, a defect that fails the whole request) is that device's result, the others proceed.
std::vector<BulkItemResult> for_each_device(const std::vector<core::Id>& device_ids,
                                            const std::function<void(core::Id)>& action);

// 403 for viewers and 404 for a target group the actor can not see refuse the whole request;
// everything else is reported per device, in the order of the request.
std::vector<BulkItemResult> run_bulk_device_action(store::Database& database, PolicyCache& policies,
                                                   const Actor& actor,
                                                   const core::BulkDeviceRequest& request);

}  // namespace keyward::app
