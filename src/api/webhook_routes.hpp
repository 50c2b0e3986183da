#pragma once
// Webhooks (admins only): GET|POST /api/v1/webhooks, GET|PATCH|DELETE /api/v1/webhooks/{id},
// GET /api/v1/webhooks/{id}/deliveries (the delivery log), POST /api/v1/webhooks/{id}/test.

#include "api/api.hpp"

namespace keyward::api {

void add_webhook_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
