#pragma once
// The search of the device lists: q occurs (case-insensitively, `%`, `_` and `*` matched as
// themselves) in a device's hostname, description, IP address or domain, or in the name of
// its group. Reseller- and customer-wide lists ask the trigram indexes of migration 10, which
// answer for the caller's reseller only; a license's devices are scanned.

#include <optional>
#include <string>
#include <string_view>

#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// A condition on the devices table aliased `d`, binding its values into `params`. `scope`
// narrows the index queries to the caller's reseller (the caller's tenant condition on `d`
// still decides). With `license_id` (a list of one license's devices) the license's devices
// and groups are read instead: a common term (every host name contains "pc-") would make the
// index return most of the reseller's devices, while a license's are few enough to read
// (10,000 in a few ms).
std::string device_search_condition(Engine engine, std::string_view q,
                                    const core::TenantScope& scope,
                                    std::optional<core::Id> license_id, Params& params);

}  // namespace keyward::store
