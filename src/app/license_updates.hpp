#pragma once
// Changing a license in the portal: its name and notify-at threshold, and "update license",
// which re-reads it from its source of truth.

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"
#include "store/license_directory.hpp"

namespace keyward::app {

struct LicenseChanges {
  std::optional<std::string> name;  // validated single-line text of 1..200 characters
  bool change_notify_at = false;
  std::optional<std::int64_t> notify_at;  // with change_notify_at; empty turns it off
};

// Technicians and admins (403 for viewers); 404 for another tenant's license; 409
// license_expired; 400 `notify_at` above the seats. Logged as license.updated.
store::LicenseView update_license(store::Database& database, const Actor& actor,
                                  core::Id license_id, const LicenseChanges& changes);

// "Update license": recounts the activations from the active devices and re-reads seats and
// expiry (which the operator may have changed), then logs license.refreshed. Allowed on an
// expired license too: re-reading is how an extension by the operator shows up. 409
// activations_exceed_seats when more devices are active than the license has seats.
store::LicenseView refresh_license(store::Database& database, const Actor& actor,
                                   core::Id license_id);

}  // namespace keyward::app
