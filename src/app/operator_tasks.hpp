#pragma once
// The operator's own work besides issuing licenses (app/licenses.hpp): changing the seats and
// expiry of a license, publishing the current client release and keeping the OS end-of-life
// calendar. Only the operator company's admins may do or read any of it (403 forbidden for
// everybody else, since these are the vendor's commercial data and policy); every change is
// logged under the operator.

#include <functional>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "core/os_eol.hpp"
#include "core/version.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct LicenseTermsChange {
  std::optional<std::int64_t> seats_total;
  std::optional<core::UnixTime> expires_at;
};

// Seats only for purchase licenses (409 license_unlimited for msp), 1..100000 and never
// below the activations in use (409 seats_below_used). The expiry may be any time, also in
// the past (which ends the license at once) or later again (which makes an expired license
// usable again). "Update license" re-reads both from the license row.
core::License change_license_terms(store::Database& database, const Actor& actor,
                                   core::Id license_id, const LicenseTermsChange& change);

// Recomputes every device's status flags after a policy change, called after the change
// committed. The server hands the work to its maintenance thread, because a million devices
// take minutes and the request must not wait for them; the command line runs it in place.
using StatusRefresh = std::function<void()>;

// Stores one policy value (app/policy.hpp validates it), logs it, then calls `refresh`.
void change_policy(store::Database& database, const Actor& actor, const std::string& key,
                   const std::string& value, const StatusRefresh& refresh);

// The current client release; devices with an older client are "obsolete".
std::optional<core::Version> current_client_version(store::Database& database, const Actor& actor);
void publish_client_version(store::Database& database, const Actor& actor,
                            const core::Version& version, const StatusRefresh& refresh);

core::OsEolCalendar os_eol_calendar(store::Database& database, const Actor& actor);
void set_os_eol_calendar(store::Database& database, const Actor& actor,
                         const core::OsEolCalendar& calendar, const StatusRefresh& refresh);

}  // namespace keyward::app
