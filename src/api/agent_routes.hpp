#pragma once
// The device protocol /agent/v1 (SPEC.md §5): activate, checkin, settings.

#include "api/api.hpp"

namespace keyward::api {

void add_agent_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
