#include "api/license_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <span>
#include <string_view>

#include "api/license_json.hpp"
#include "api/portal.hpp"
#include "api/query_params.hpp"
#include "app/license_comments.hpp"
#include "app/license_queries.hpp"
#include "app/license_recipients.hpp"
#include "app/license_updates.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"
#include "store/comment_store.hpp"
#include "store/recipient_store.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

std::int64_t license_id(const http::Request& request) { return id_param(request, "id", "license"); }

http::Response license_response(int status, const store::LicenseView& view) {
  return http::json_response(status, license_json(view, app::now()));
}

http::Response list(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  app::LicenseListRequest list{.query = list_query(request, store::kLicenseSortKeys, "name"),
                               .customer_id = id_query_param(request, "customer_id"),
                               .hide_expired = bool_query_param(request, "hide_expired", false)};
  const auto page = app::list_licenses(context.database, caller.actor, list);
  const core::UnixTime at = app::now();
  return list_response(page, list.query,
                       [at](const store::LicenseView& view) { return license_json(view, at); });
}

http::Response show(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return license_response(
      200, app::license_details(context.database, caller.actor, license_id(request)));
}

app::LicenseChanges license_changes(const json::object& body) {
  app::LicenseChanges changes;
  if (body.contains("name")) changes.name = core::required_text(body, "name", 1, 200);
  if (body.contains("notify_at")) {
    changes.change_notify_at = true;
    // The range depends on the license's seats: app::update_license checks it.
    changes.notify_at = core::optional_integer(body, "notify_at", INT64_MIN, INT64_MAX);
  }
  if (!changes.name && !changes.change_notify_at) {
    throw core::invalid_request("body", "name or notify_at is required");
  }
  return changes;
}

http::Response update(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const app::LicenseChanges changes = license_changes(json_body(request, {"name", "notify_at"}));
  return license_response(
      200, app::update_license(context.database, caller.actor, license_id(request), changes));
}

http::Response refresh(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return license_response(
      200, app::refresh_license(context.database, caller.actor, license_id(request)));
}

// A list that hangs off one license, read by `load` and shown item by item by `to_json`.
template <typename Item>
http::Response license_list(ApiContext& context, const http::Request& request,
                            std::span<const std::string_view> sort_keys,
                            std::string_view default_sort,
                            core::Page<Item> (*load)(store::Database&, const app::Actor&, core::Id,
                                                     const core::ListQuery&),
                            json::object (*to_json)(const Item&)) {
  const auto caller = authenticate(context, request);
  const auto query = list_query(request, sort_keys, default_sort);
  return list_response(load(context.database, caller.actor, license_id(request), query), query,
                       to_json);
}

http::Response recipients(ApiContext& context, const http::Request& request) {
  return license_list(context, request, store::kRecipientSortKeys, "email", app::list_recipients,
                      recipient_json);
}

http::Response add_recipient(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const std::string email = core::required_text(json_body(request, {"email"}), "email", 1, 254);
  return http::json_response(
      201, recipient_json(app::add_recipient(context.database, caller.actor, license_id(request),
                                             email, context.config.public_url)));
}

http::Response remove_recipient(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  app::remove_recipient(context.database, caller.actor, license_id(request),
                        id_param(request, "rid", "recipient"));
  return no_content();
}

// Public: the link in the verification mail.
http::Response verify_recipient(ApiContext& context, const http::Request& request) {
  const auto token = request.query_param("token");
  if (!token || token->empty()) throw core::invalid_request("token", "is required");
  const core::Recipient recipient = app::verify_recipient(context.database, *token);
  return http::json_response(200, json::object{{"verified", true}, {"email", recipient.email}});
}

http::Response comments(ApiContext& context, const http::Request& request) {
  return license_list(context, request, store::kCommentSortKeys, "-created_at", app::list_comments,
                      comment_json);
}

http::Response show_comment(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return http::json_response(
      200, comment_json(app::find_comment(context.database, caller.actor, license_id(request),
                                          id_param(request, "cid", "comment"))));
}

http::Response add_comment(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const json::object fields = json_body(request, {"body"});
  const auto* text = fields.if_contains("body");
  if (!text || !text->is_string()) throw core::invalid_request("body", "must be a string");
  return http::json_response(
      201, comment_json(app::add_comment(context.database, caller.actor, license_id(request),
                                         std::string(text->get_string()))));
}

core::ActionStatus action_status(std::string_view name) {
  const auto status = core::parse_action_status(name);
  if (!status) {
    throw core::invalid_request(
        "status", "must be created, outstanding, running, waiting, completed or aborted");
  }
  return *status;
}

// `status=completed&status=aborted` or `status=completed,aborted`.
store::ActionFilter action_filter(const http::Request& request) {
  store::ActionFilter filter;
  for (const std::string& value : request.query_params("status")) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = value.find(',', start);
      const auto status = action_status(std::string_view(value).substr(start, comma - start));
      if (std::find(filter.statuses.begin(), filter.statuses.end(), status) ==
          filter.statuses.end()) {
        filter.statuses.push_back(status);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return filter;
}

http::Response actions(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const auto query = list_query(request, store::kActionSortKeys, "-started_at");
  return list_response(
      app::list_license_actions(context.database, caller.actor, license_id(request),
                                action_filter(request), query),
      query, action_view_json);
}

}  // namespace

void add_license_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/licenses", list);
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}", show);
  add_route(router, context, http::Method::patch, "/api/v1/licenses/{id}", update);
  add_route(router, context, http::Method::post, "/api/v1/licenses/{id}/refresh", refresh);
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/recipients", recipients);
  add_route(router, context, http::Method::post, "/api/v1/licenses/{id}/recipients", add_recipient);
  add_route(router, context, http::Method::del, "/api/v1/licenses/{id}/recipients/{rid}",
            remove_recipient);
  add_route(router, context, http::Method::get, "/api/v1/recipients/verify", verify_recipient);
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/comments", comments);
  add_route(router, context, http::Method::post, "/api/v1/licenses/{id}/comments", add_comment);
  // Only GET: a saved comment can never be changed or deleted, so PUT, PATCH and DELETE
  // here are 405 (the router answers them with Allow: GET, HEAD).
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/comments/{cid}",
            show_comment);
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/actions", actions);
}

}  // namespace keyward::api
