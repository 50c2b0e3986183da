#pragma once
// The events of a seat changing hands, raised in the transaction that changed the count:
// activation (and threshold_reached once when it made the count reach notify-at, SPEC.md §2
// License), deactivation. The threshold state is kept on the license (see
// store::LicenseStore::claim_threshold_notice; release_seat re-arms it).

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

// After `device` took an activation of the license with this id.
void activation_taken(store::Connection& connection, core::Id license_id,
                      const core::Device& device, core::UnixTime now);
// After `device` gave its activation of the license with this id back.
void activation_freed(store::Connection& connection, core::Id license_id,
                      const core::Device& device, core::UnixTime now);

}  // namespace keyward::app
