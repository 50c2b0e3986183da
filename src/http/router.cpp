#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <stdexcept>

namespace keyward::http {

namespace {

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "/a/b/" -> {"a", "b", ""}: the same shape Boost.URL gives for a request path, so a trailing
// slash is significant on both sides. The views point into `path`.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return segments;
  for (;;) {
    auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// The segments of a request path, as views into the request or into `decoded`.
struct PathSegments {
  std::vector<std::string> decoded;
  std::vector<std::string_view> views;
};

// Segments are decoded one by one so that an encoded "/" (%2F) inside an id stays inside it.
// Without a '%' in the target nothing is encoded and the (equal) path splits as it is, which
// saves parsing the URL a second time on every request.
PathSegments request_segments(const Request& request) {
  PathSegments segments;
  if (request.target.find('%') != std::string::npos) {
    if (auto url = boost::urls::parse_origin_form(request.target)) {
      const auto decoded = url->segments();
      segments.decoded.assign(decoded.begin(), decoded.end());
      segments.views.assign(segments.decoded.begin(), segments.decoded.end());
      return segments;
    }
  }
  segments.views = split_path(request.path);
  return segments;
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_param(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

// A literal segment beats a parameter at the first position where two patterns differ, so
// "/licenses/export" wins over "/licenses/{id}" whatever the registration order.
bool more_specific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_param = is_param(a[i]);
    const bool b_param = is_param(b[i]);
    if (a_param != b_param) return !a_param;
  }
  return false;
}

std::string shape_of(const std::vector<std::string>& segments) {
  std::string shape;
  for (const auto& segment : segments) shape += "/" + (is_param(segment) ? "{}" : segment);
  return shape;
}

std::string join_methods(const std::vector<Method>& methods) {
  std::string joined;
  for (Method method : methods) {
    if (!joined.empty()) joined += ", ";
    joined += method_name(method);
  }
  return joined;
}

}  // namespace

void Router::add(Method method, const std::string& pattern, Handler handler, Execution execution,
                 std::optional<std::size_t> body_limit) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  const auto views = split_path(pattern);
  std::vector<std::string> segments(views.begin(), views.end());
  const auto shape = shape_of(segments);
  for (const auto& route : routes_) {
    if (route.method == method && shape_of(route.segments) == shape) {
      throw std::invalid_argument("route registered twice: " + std::string(method_name(method)) +
                                  " " + pattern);
    }
  }
  const bool literal = std::none_of(segments.begin(), segments.end(), is_param);
  routes_.push_back(
      {method, pattern, std::move(segments), std::move(handler), execution, body_limit});
  if (literal) literal_routes_[pattern].push_back(routes_.size() - 1);
}

RouteMatch Router::matched(const Route& route) {
  RouteMatch result;
  result.handler = &route.handler;
  result.pattern = route.pattern;
  result.execution = route.execution;
  result.body_limit = route.body_limit;
  return result;
}

const Router::Route* Router::literal_route(const Request& request) const {
  if (request.target.find('%') != std::string::npos) return nullptr;
  const auto found = literal_routes_.find(std::string_view(request.path));
  if (found == literal_routes_.end()) return nullptr;
  for (const std::size_t index : found->second) {
    if (routes_[index].method == request.method) return &routes_[index];
  }
  return nullptr;
}

RouteMatch Router::match(Request& request) const {
  // A route without parameters for exactly this path and method is what the scan below
  // would choose (a literal segment beats a parameter), found without comparing every route.
  if (const Route* route = literal_route(request)) {
    request.path_params.clear();
    return matched(*route);
  }
  const PathSegments segments = request_segments(request);
  const auto& path = segments.views;
  const Route* best_path = nullptr;
  const Route* best = nullptr;
  for (const auto& route : routes_) {
    if (!matches(route.segments, path)) continue;
    if (!best_path || more_specific(route.segments, best_path->segments)) best_path = &route;
    // HEAD is answered by the GET handler unless a route declares HEAD itself.
    const bool exact = route.method == request.method;
    const bool via_get = request.method == Method::head && route.method == Method::get;
    if (!exact && !via_get) continue;
    if (!best || more_specific(route.segments, best->segments) ||
        (exact && best->method != request.method &&
         !more_specific(best->segments, route.segments))) {
      best = &route;
    }
  }

  RouteMatch result;
  if (best) {
    result = matched(*best);
    request.path_params.clear();
    for (std::size_t i = 0; i < path.size(); ++i) {
      const auto& segment = best->segments[i];
      if (is_param(segment)) {
        request.path_params[segment.substr(1, segment.size() - 2)] = std::string(path[i]);
      }
    }
    return result;
  }
  if (!best_path && fallback_ &&
      (request.method == Method::get || request.method == Method::head)) {
    result.handler = &fallback_;
    result.pattern = kFallbackPattern;
    result.execution = Execution::io_thread;
    return result;
  }
  if (best_path) {
    result.pattern = best_path->pattern;
    for (const auto& route : routes_) {
      if (matches(route.segments, path)) result.allowed.push_back(route.method);
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), Method::get) !=
        result.allowed.end()) {
      result.allowed.push_back(Method::head);
    }
    std::sort(result.allowed.begin(), result.allowed.end());
    result.allowed.erase(std::unique(result.allowed.begin(), result.allowed.end()),
                         result.allowed.end());
  }
  return result;
}

Response Router::dispatch(Request& request, std::string& pattern_out) const {
  const RouteMatch route = match(request);
  pattern_out = route.pattern.empty() ? "unmatched" : route.pattern;
  return dispatch(request, route);
}

Response Router::dispatch(Request& request, const RouteMatch& route) const {
  if (!route.handler) {
    if (route.pattern.empty()) return error_response(404, "not_found", "no such resource");
    Response response =
        error_response(405, "method_not_allowed",
                       std::string(method_name(request.method)) + " is not allowed here");
    response.set_header("allow", join_methods(route.allowed));
    return response;
  }
  try {
    return (*route.handler)(request);
  } catch (...) {
    return response_for_exception(
        std::current_exception(),
        request.request_id + " " + std::string(method_name(request.method)) + " " + route.pattern);
  }
}

Response response_for_exception(std::exception_ptr error, const std::string& context) {
  try {
    std::rethrow_exception(error);
  } catch (const core::Error& known) {
    const int status = status_for(known.kind());
    if (status >= 500) spdlog::error("request {}: {} ({})", context, known.what(), known.code());
    Response response = error_response(status, known.code(), known.what());
    if (const auto retry_after = known.retry_after_s()) {
      response.set_header("retry-after", std::to_string(*retry_after));
    } else if (status == 503) {
      // Transient here (database busy or briefly unreachable): tell clients when to retry.
      response.set_header("retry-after", "1");
    }
    return response;
  } catch (const std::exception& unknown) {
    // The detail may name files, SQL or internals: it goes to the log, never to the client.
    spdlog::error("request {} failed: {}", context, unknown.what());
  } catch (...) {
    spdlog::error("request {} failed with a non-standard exception", context);
  }
  return error_response(500, "internal_error", "internal server error");
}

void Router::set_fallback(Handler handler) { fallback_ = std::move(handler); }

std::vector<std::pair<Method, std::string>> Router::routes() const {
  std::vector<std::pair<Method, std::string>> all;
  all.reserve(routes_.size());
  for (const auto& route : routes_) all.emplace_back(route.method, route.pattern);
  return all;
}

Router::BodyLimits Router::body_limits(std::size_t server_limit) const {
  BodyLimits limits{server_limit, server_limit};
  for (const auto& route : routes_) {
    const std::size_t limit = route.body_limit.value_or(server_limit);
    limits.smallest = std::min(limits.smallest, limit);
    limits.largest = std::max(limits.largest, limit);
  }
  return limits;
}

int status_for(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::invalid_request:
      return 400;
    case core::ErrorKind::unauthorized:
      return 401;
    case core::ErrorKind::forbidden:
      return 403;
    case core::ErrorKind::not_found:
      return 404;
    case core::ErrorKind::conflict:
      return 409;
    case core::ErrorKind::gone:
      return 410;
    case core::ErrorKind::too_large:
      return 413;
    case core::ErrorKind::rate_limited:
      return 429;
    case core::ErrorKind::unavailable:
      return 503;
    case core::ErrorKind::internal:
      break;
  }
  return 500;
}

}  // namespace keyward::http
