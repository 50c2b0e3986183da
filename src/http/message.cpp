#include "http/message.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "core/error.hpp"

namespace keyward::http {

namespace {

// Deeper documents are no legitimate API input; the bound keeps the parser's stack and the
// handlers' recursive walks small whatever a client sends.
constexpr std::size_t max_json_depth = 64;

std::optional<std::string> find_header(const Headers& headers, const std::string& name) {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      break;
  }
  return "OTHER";
}

std::optional<std::string> Request::header(const std::string& lower_case_name) const {
  return find_header(headers, lower_case_name);
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Request::query_params(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : query) {
    if (key == name) values.push_back(value);
  }
  return values;
}

const std::string& Request::path_param(const std::string& name) const {
  auto it = path_params.find(name);
  // Asking for a parameter the route pattern does not declare is a programming error.
  if (it == path_params.end()) throw std::out_of_range("no path parameter '" + name + "'");
  return it->second;
}

boost::json::value Request::json() const { return json(boost::json::storage_ptr()); }

boost::json::value Request::json(boost::json::storage_ptr storage) const {
  boost::json::parse_options options;
  options.max_depth = max_json_depth;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec, std::move(storage), options);
  if (ec == boost::json::error::too_deep) {
    throw core::Error(
        core::ErrorKind::invalid_request, "invalid_json",
        "request body is nested deeper than " + std::to_string(max_json_depth) + " levels");
  }
  if (ec) {
    throw core::Error(core::ErrorKind::invalid_request, "invalid_json",
                      "request body is not valid JSON: " + ec.message());
  }
  return value;
}

void Response::set_header(const std::string& lower_case_name, std::string value) {
  headers.erase(lower_case_name);
  headers.emplace(lower_case_name, std::move(value));
}

std::optional<std::string> Response::header(const std::string& lower_case_name) const {
  return find_header(headers, lower_case_name);
}

std::uint64_t Response::body_size() const {
  std::uint64_t size = body.size();
  for (const auto& part : more_body) {
    size += std::holds_alternative<std::string>(part) ? std::get<std::string>(part).size()
                                                      : std::get<FileRange>(part).length;
  }
  return size;
}

Response json_response(int status, const boost::json::value& body) {
  Response response;
  response.status = status;
  response.headers.emplace("content-type", "application/json");
  response.body = boost::json::serialize(body);
  return response;
}

Response text_response(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.headers.emplace("content-type", std::move(content_type));
  response.body = std::move(body);
  return response;
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

void DeferredResponse::complete(Response response) {
  Continuation continuation;
  {
    std::lock_guard lock(mutex_);
    if (!continuation_) {
      response_ = std::move(response);
      return;
    }
    continuation = std::move(continuation_);
  }
  continuation(std::move(response));
}

void DeferredResponse::on_complete(Continuation continuation) {
  std::optional<Response> ready;
  {
    std::lock_guard lock(mutex_);
    if (!response_) {
      continuation_ = std::move(continuation);
      return;
    }
    ready = std::move(response_);
  }
  continuation(std::move(*ready));
}

Response deferred_response(std::shared_ptr<DeferredResponse> deferred) {
  Response response;
  response.deferred = std::move(deferred);
  return response;
}

}  // namespace keyward::http
