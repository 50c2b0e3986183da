#pragma once
// The JSON shape of the dashboard, shared by the signed-in dashboard and the read-only
// dashboard link.

#include <boost/json/object.hpp>

#include "app/dashboard.hpp"
#include "core/entities.hpp"

namespace keyward::api {

// {devices:{total, per_status:{<filter key>:N,…}}, licenses:{total},
//  infected:{total, items}, outdated:{total, items}, expired_licenses:{total, items},
//  expiring_licenses:{total, items}}; device items as in the device lists, license items as
//  in the license list.
boost::json::object dashboard_json(const app::DashboardSummary& summary, core::Language language,
                                   core::UnixTime now);

}  // namespace keyward::api
