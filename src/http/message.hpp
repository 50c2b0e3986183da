#pragma once
// Beast-free request and response values. Handlers in src/api see only these, so that only
// the server translation units pay for including Boost.Beast/Asio.

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace keyward::http {

enum class Method { get, head, post, put, patch, del, options, other };

std::string_view method_name(Method method);

// Header names are stored lower-case.
using Headers = std::multimap<std::string, std::string>;

struct Request {
  Method method = Method::get;
  std::string target;                                      // as received: path + query
  std::string path;                                        // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order, repeatable
  Headers headers;
  std::string body;
  std::string remote_address;
  std::string request_id;
  bool tls = false;
  // Filled by the router from the matched pattern: "/licenses/{id}" with id -> "42".
  std::map<std::string, std::string> path_params;

  std::optional<std::string> header(const std::string& lower_case_name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  std::vector<std::string> query_params(const std::string& name) const;
  const std::string& path_param(const std::string& name) const;
  // The body as JSON; throws core::Error 400 `invalid_json` when it is not valid JSON.
  boost::json::value json() const;
  // The same with the values allocated from `storage`, e.g. a monotonic_resource over a
  // buffer on a hot path, which saves an allocation per member and per string.
  boost::json::value json(boost::json::storage_ptr storage) const;
};

class DeferredResponse;

// Part of a response body that the server reads from an open file while writing it, so a
// large download never sits in memory. `owner` keeps the descriptor open until then.
struct FileRange {
  std::shared_ptr<const void> owner;
  int fd = -1;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};
using BodyPart = std::variant<std::string, FileRange>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // More body after `body`, written in order (a download of texts and files).
  std::vector<BodyPart> more_body;
  // Set by a handler that answers later (e.g. once a batched commit is durable): the server
  // keeps the connection waiting, without holding a worker thread, until it is completed.
  std::shared_ptr<DeferredResponse> deferred;

  void set_header(const std::string& lower_case_name, std::string value);
  std::optional<std::string> header(const std::string& lower_case_name) const;
  // body plus more_body: what Content-Length announces.
  std::uint64_t body_size() const;
};

// The other half of Response::deferred. complete() is called exactly once, from any thread;
// the server registers its continuation with on_complete(), before or after that.
class DeferredResponse {
 public:
  using Continuation = std::function<void(Response)>;
  void complete(Response response);
  void on_complete(Continuation continuation);

 private:
  std::mutex mutex_;
  std::optional<Response> response_;
  Continuation continuation_;
};

// A response that the handler completes later; return it from the handler.
Response deferred_response(std::shared_ptr<DeferredResponse> deferred);

Response json_response(int status, const boost::json::value& body);
Response text_response(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
// {"error":{"code":code,"message":message}}
Response error_response(int status, const std::string& code, const std::string& message);

}  // namespace keyward::http
