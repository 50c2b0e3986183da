#pragma once
// Routes "METHOD /path/{param}/..." to handlers. Unknown path -> 404 not_found; known path
// with another method -> 405 with Allow. Also maps core::Error to the JSON error body.

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "http/message.hpp"

namespace keyward::http {

using Handler = std::function<Response(Request&)>;

// Where a handler runs. Most handlers block on the database and run on the worker pool; a
// handler that never blocks (parses, validates and hands the work to a batcher that answers
// through a DeferredResponse) runs on the I/O thread and saves two thread switches.
enum class Execution { worker_pool, io_thread };

struct RouteMatch {
  const Handler* handler = nullptr;  // null when nothing matched
  std::string pattern;               // e.g. "/api/v1/licenses/{id}"; "" when no path matched
  std::vector<Method> allowed;       // methods of the matched path (for 405 Allow)
  Execution execution = Execution::worker_pool;
  std::optional<std::size_t> body_limit;  // the route's own; empty: the server's
};

class Router {
 public:
  // `body_limit` raises (or lowers) the server's request body limit for this route only,
  // e.g. for an upload; every other route keeps the server's.
  void add(Method method, const std::string& pattern, Handler handler,
           Execution execution = Execution::worker_pool,
           std::optional<std::size_t> body_limit = std::nullopt);
  // Matches and fills request.path_params.
  RouteMatch match(Request& request) const;
  // Runs the matched handler; turns core::Error and unknown exceptions into error bodies.
  // `pattern_out` receives the matched pattern (for metrics), or "unmatched".
  Response dispatch(Request& request, std::string& pattern_out) const;
  // The same for a request already matched by match(request), which the server needs first
  // to know where the handler runs.
  Response dispatch(Request& request, const RouteMatch& route) const;
  // Answers GET and HEAD requests whose path no route knows (the web portal's files and deep
  // links); without it they are 404. It must not block: it runs on the I/O thread.
  void set_fallback(Handler handler);
  // Every registered (method, pattern), for the OpenAPI conformance test.
  std::vector<std::pair<Method, std::string>> routes() const;
  // The smallest and largest body any route accepts, `server_limit` for routes without their
  // own. The largest is the limit while the request's header is read, before its route is
  // known; a body within the smallest needs no look at its route's.
  struct BodyLimits {
    std::size_t smallest;
    std::size_t largest;
  };
  BodyLimits body_limits(std::size_t server_limit) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    Execution execution;
    std::optional<std::size_t> body_limit;
  };
  struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view path) const {
      return std::hash<std::string_view>{}(path);
    }
  };
  static RouteMatch matched(const Route& route);
  // The route without parameters whose pattern is the request's path, for its method.
  const Route* literal_route(const Request& request) const;

  std::vector<Route> routes_;
  Handler fallback_;
  // Indexes into routes_ of the routes without parameters, by pattern.
  std::unordered_map<std::string, std::vector<std::size_t>, PathHash, std::equal_to<>>
      literal_routes_;
};

// The pattern a request answered by the fallback is counted under in metrics.
inline constexpr std::string_view kFallbackPattern = "web";

int status_for(core::ErrorKind kind);

// The error response for an exception: a core::Error keeps its status, code and message;
// anything else is a 500 whose detail only goes to the log (with `context`).
Response response_for_exception(std::exception_ptr error, const std::string& context);

}  // namespace keyward::http
