#pragma once
// Registers every route of the server. Handlers translate between HTTP and the use cases of
// src/app; they hold no rules and build no SQL.

#include <functional>

#include "app/checkin_batcher.hpp"
#include "app/policy.hpp"
#include "app/server_config.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace keyward::api {

struct ApiContext {
  store::Database& database;
  http::Metrics& metrics;
  app::ServerConfig config;
  app::PolicyCache& policies;
  app::CheckinBatcher& checkins;
  // Starts recomputing every device's status flags after a policy change (serve hands it to
  // the maintenance thread); empty where no server runs.
  std::function<void()> refresh_status_flags = {};
  // Tells this server's export worker that an export was queued; empty where none runs
  // (another server's worker finds it at its next look).
  std::function<void()> wake_exports = {};
};

void add_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
