#pragma once
// GET /healthz (the process is up), GET /readyz (the database answers), GET /metrics.

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace keyward::api {

void add_health_routes(http::Router& router, store::Database& database, http::Metrics& metrics);

}  // namespace keyward::api
