#pragma once
// "License expires in 30 days" and "in 7 days" (issue 6): each notice once per license and
// expiry date, sent by whichever server's maintenance pass claims it first.

#include <cstddef>

#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

// Dispatches license_expiring for every license that entered its 7- or 30-day window since the
// last pass, in one transaction; returns how many.
std::size_t notify_expiring_licenses(store::Database& database, core::UnixTime now);

}  // namespace keyward::app
