#pragma once
// Removing exports at the end of their day (the maintenance pass).

#include <cstddef>

#include "app/exports.hpp"
#include "store/database.hpp"

namespace keyward::app {

// Removes exports (files and jobs) that ended before now - kExportLifetimeSeconds; returns
// how many. Idempotent: several servers may run it together.
std::size_t remove_expired_exports(store::Database& database, const ExportFiles& files,
                                   core::UnixTime now);

}  // namespace keyward::app
