#include "api/webhook_routes.hpp"

#include <boost/json.hpp>
#include <limits>

#include "api/json_values.hpp"
#include "api/portal.hpp"
#include "app/webhooks.hpp"
#include "core/json_input.hpp"
#include "store/webhook_store.hpp"

namespace keyward::api {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

boost::json::array event_names(const std::vector<core::EventType>& events) {
  boost::json::array names;
  for (const auto type : events) names.emplace_back(core::to_string(type));
  return names;
}

boost::json::object webhook_json(const core::Webhook& webhook) {
  return {{"id", webhook.id},
          {"company_id", webhook.company_id},
          {"url", webhook.url},
          {"description", webhook.description},
          {"events", event_names(webhook.events)},
          {"enabled", webhook.enabled},
          {"created_at", core::format_timestamp(webhook.created_at)},
          {"updated_at", core::format_timestamp(webhook.updated_at)}};
}

boost::json::object delivery_json(const core::WebhookDelivery& delivery) {
  boost::system::error_code error;
  boost::json::value payload = boost::json::parse(delivery.payload, error);
  if (error) payload = nullptr;
  return {{"id", delivery.id},
          {"webhook_id", delivery.webhook_id},
          {"event_type", core::to_string(delivery.event_type)},
          {"event_id", delivery.event_id},
          {"status", core::to_string(delivery.status)},
          {"attempts", delivery.attempts},
          {"next_attempt_at", core::format_timestamp(delivery.next_attempt_at)},
          {"last_error", delivery.last_error ? boost::json::value(*delivery.last_error)
                                             : boost::json::value(nullptr)},
          {"sent_at", time_or_null(delivery.sent_at)},
          {"created_at", core::format_timestamp(delivery.created_at)},
          {"payload", std::move(payload)}};
}

app::WebhookChanges changes_from(const boost::json::object& object) {
  app::WebhookChanges changes{.url = core::text_if_present(object, "url", 2000),
                              .description = core::text_if_present(object, "description", 200),
                              .enabled = core::optional_bool(object, "enabled")};
  if (const auto* events = object.if_contains("events"); events && !events->is_null()) {
    changes.events = core::parse_event_types(*events, "events");
  }
  return changes;
}

http::Response list(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::ListQuery query = list_query(request, store::kWebhookSortKeys, "created_at");
  return list_response(app::list_webhooks(context.database, caller.actor, query), query,
                       webhook_json);
}

http::Response create(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const boost::json::object object =
      json_body(request, {"company_id", "url", "description", "events", "enabled"});
  app::WebhookChanges input = changes_from(object);
  input.company_id = core::optional_integer(object, "company_id", 1, kMaxId);
  const core::Webhook webhook = app::create_webhook(context.database, caller.actor, input);
  boost::json::object body = webhook_json(webhook);
  body["secret"] = webhook.secret;  // shown this once
  return http::json_response(201, body);
}

http::Response get(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(200,
                             webhook_json(app::find_webhook(context.database, caller.actor,
                                                            id_param(request, "id", "webhook"))));
}

http::Response patch(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::Id id = id_param(request, "id", "webhook");
  const boost::json::object object =
      json_body(request, {"url", "description", "events", "enabled"});
  return http::json_response(200, webhook_json(app::update_webhook(context.database, caller.actor,
                                                                   id, changes_from(object))));
}

http::Response remove(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::delete_webhook(context.database, caller.actor, id_param(request, "id", "webhook"));
  return no_content();
}

http::Response deliveries(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::Id id = id_param(request, "id", "webhook");
  const core::ListQuery query = list_query(request, store::kDeliverySortKeys, "-created_at");
  return list_response(app::list_webhook_deliveries(context.database, caller.actor, id, query),
                       query, delivery_json);
}

http::Response test(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(
      202, delivery_json(app::send_test_event(context.database, caller.actor,
                                              id_param(request, "id", "webhook"))));
}

}  // namespace

void add_webhook_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/webhooks", list);
  add_route(router, context, http::Method::post, "/api/v1/webhooks", create);
  add_route(router, context, http::Method::get, "/api/v1/webhooks/{id}", get);
  add_route(router, context, http::Method::patch, "/api/v1/webhooks/{id}", patch);
  add_route(router, context, http::Method::del, "/api/v1/webhooks/{id}", remove);
  add_route(router, context, http::Method::get, "/api/v1/webhooks/{id}/deliveries", deliveries);
  add_route(router, context, http::Method::post, "/api/v1/webhooks/{id}/test", test);
}

}  // namespace keyward::api
