#pragma once
// The search of the device lists: q occurs (case-insensitively, `%`, `_` and `*` matched as
// themselves) in a device's hostname, description, IP address or domain, or in the name of
// its group. Uses the trigram index of migration 4 (device search index) on both engines.

#include <optional>
#include <string>
#include <string_view>

#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// A condition on the devices table aliased `d`, binding its values into `params`. `scope`
// narrows the group-name part to the caller's groups, so it stays an index query too. With
// `license_id` (a list of one license's devices) only that license's groups are searched,
// and on SQLite the license's devices are scanned instead of asking the trigram index: a
// common term (every host name contains "pc-") makes the index walk long posting lists for
// all devices, while a license's devices are few enough to read (10,000 in ~5 ms).
std::string device_search_condition(Engine engine, std::string_view q,
                                    const core::TenantScope& scope,
                                    std::optional<core::Id> license_id, Params& params);

}  // namespace keyward::store
