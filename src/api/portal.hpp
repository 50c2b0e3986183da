#pragma once
// What every portal route (/api/v1) shares: who is calling, the list conventions and path ids.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "api/api.hpp"
#include "app/authentication.hpp"
#include "core/list_query.hpp"
#include "http/message.hpp"

namespace keyward::api {

// The browser's session cookie and the header that must repeat the session's CSRF token on
// every unsafe method (POST, PUT, PATCH, DELETE) of a cookie-authenticated request.
inline constexpr std::string_view kSessionCookie = "kw_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

// The caller, from `Authorization: Bearer <API token>` or else the session cookie. Throws
// core::Error 401 `unauthenticated` when neither identifies an enabled user, and 403
// `csrf_token_invalid` for a session request with an unsafe method and a missing or wrong
// CSRF token. API tokens need no CSRF token: browsers never send them on their own.
app::Authenticated authenticate(ApiContext& context, const http::Request& request);

// The list parameters q, sort, page and per_page of the request (core::parse_list_query).
core::ListQuery list_query(const http::Request& request,
                           std::span<const std::string_view> sort_keys,
                           std::string_view default_sort);

// {"items":[…], "total":N, "page":P, "per_page":K}
http::Response list_response(boost::json::array items, std::int64_t total,
                             const core::ListQuery& query);
// The same for a page read by a store (store::ListPage), each item rendered by `to_json`.
template <typename Page, typename ToJson>
http::Response list_response(const Page& page, const core::ListQuery& query, ToJson to_json) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  return list_response(std::move(items), page.total, query);
}

// The request body, which must be a JSON object: 400 `invalid_json`, or `invalid_request`
// "body: must be a JSON object".
boost::json::object body_object(const http::Request& request);

// 204 No Content: a change that has nothing to report (deletions, logout).
http::Response no_content();

// The request body as a JSON object whose members are all among `fields` (400
// `invalid_request` naming the first other one, or "body: must be a JSON object").
boost::json::object json_body(const http::Request& request,
                              std::initializer_list<std::string_view> fields);

// A portal handler and its registration with the context bound to it.
using PortalHandler = http::Response (*)(ApiContext& context, const http::Request& request);
void add_route(http::Router& router, ApiContext& context, http::Method method,
               const std::string& pattern, PortalHandler handler);

// A numeric path parameter such as {id}; anything else names no object: 404 `not_found`.
std::int64_t id_param(const http::Request& request, const std::string& name,
                      const std::string& what);

}  // namespace keyward::api
