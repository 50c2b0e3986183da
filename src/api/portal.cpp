#include "api/portal.hpp"

#include <boost/json/object.hpp>
#include <charconv>

#include "api/bearer.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"
#include "http/cookies.hpp"

namespace keyward::api {
namespace {

core::Error unauthenticated() {
  return core::Error(core::ErrorKind::unauthorized, "unauthenticated",
                     "sign in, or send an API token as Authorization: Bearer <token>");
}

bool is_safe(http::Method method) {
  return method == http::Method::get || method == http::Method::head ||
         method == http::Method::options;
}

// Compares in time independent of where the texts differ, so the token can not be guessed
// byte by byte from response times.
bool equal_secrets(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

void require_csrf_token(const http::Request& request, const core::Session& session) {
  if (is_safe(request.method)) return;
  const auto sent = request.header(std::string(kCsrfHeader));
  if (!sent || !equal_secrets(*sent, session.csrf_token)) {
    throw core::Error(core::ErrorKind::forbidden, "csrf_token_invalid",
                      "send the session's CSRF token in the X-CSRF-Token header");
  }
}

}  // namespace

app::Authenticated authenticate(ApiContext& context, const http::Request& request) {
  if (request.header("authorization")) {
    const auto token = bearer_token(request);
    if (!token) throw unauthenticated();
    auto caller = app::authenticate_api_token(context.database, *token, app::now());
    if (!caller) throw unauthenticated();
    return std::move(*caller);
  }
  const auto session_token = http::cookie(request, kSessionCookie);
  if (!session_token) throw unauthenticated();
  auto caller = app::authenticate_session(context.database, *session_token, app::now());
  if (!caller) throw unauthenticated();
  require_csrf_token(request, *caller->session);
  return std::move(*caller);
}

core::ListQuery list_query(const http::Request& request,
                           std::span<const std::string_view> sort_keys,
                           std::string_view default_sort) {
  return core::parse_list_query({request.query_param("q"), request.query_param("sort"),
                                 request.query_param("page"), request.query_param("per_page")},
                                sort_keys, default_sort);
}

http::Response list_response(boost::json::array items, std::int64_t total,
                             const core::ListQuery& query) {
  return http::json_response(200, boost::json::object{{"items", std::move(items)},
                                                      {"total", total},
                                                      {"page", query.page},
                                                      {"per_page", query.per_page}});
}

boost::json::object body_object(const http::Request& request) {
  boost::json::value body = request.json();
  core::require_object(body, "");
  return std::move(body.get_object());
}

boost::json::object json_body(const http::Request& request,
                              std::initializer_list<std::string_view> fields) {
  boost::json::object body = body_object(request);
  core::reject_unknown_fields(body, fields);
  return body;
}

void add_route(http::Router& router, ApiContext& context, http::Method method,
               const std::string& pattern, PortalHandler handler) {
  router.add(method, pattern,
             [&context, handler](http::Request& request) { return handler(context, request); });
}

http::Response no_content() {
  http::Response response;
  response.status = 204;
  return response;
}

std::int64_t id_param(const http::Request& request, const std::string& name,
                      const std::string& what) {
  const std::string& text = request.path_param(name);
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0) {
    throw core::not_found(what);
  }
  return id;
}

}  // namespace keyward::api
