#pragma once
// The one error type that crosses layers. `core`, `store` and `app` throw it; `api` maps its
// kind to an HTTP status and writes {"error":{"code","message"}}; the CLI prints the message.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace keyward::core {

enum class ErrorKind {
  invalid_request,  // 400: bad input; `code` names the rule, the message names the field
  unauthorized,     // 401
  forbidden,        // 403: the role may not do this
  not_found,        // 404: also for objects of another tenant, so existence never leaks
  conflict,         // 409: the state forbids it (no free seats, expired license, in use)
  gone,             // 410
  too_large,        // 413
  rate_limited,     // 429
  unavailable,      // 503: a dependency (the database) cannot be reached
  internal,         // 500
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, const std::string& message)
      : std::runtime_error(message), kind_(kind), code_(std::move(code)) {}

  ErrorKind kind() const { return kind_; }
  // Stable, machine-readable code such as "unknown_license" or "invalid_request".
  const std::string& code() const { return code_; }

  // When a retry may succeed (rate limits): the HTTP answer carries it as Retry-After.
  std::optional<std::int64_t> retry_after_s() const { return retry_after_s_; }
  Error&& with_retry_after(std::int64_t seconds) && {
    retry_after_s_ = seconds;
    return std::move(*this);
  }

 private:
  ErrorKind kind_;
  std::string code_;
  std::optional<std::int64_t> retry_after_s_;
};

inline Error invalid_request(const std::string& field, const std::string& why) {
  return Error(ErrorKind::invalid_request, "invalid_request", field + ": " + why);
}

inline Error not_found(const std::string& what) {
  return Error(ErrorKind::not_found, "not_found", what + " not found");
}

// The value of a lookup within the caller's scope, or 404 `not_found` naming `what`: what the
// caller may not see does not exist for them.
template <typename T>
T found(std::optional<T> value, const std::string& what) {
  if (!value) throw not_found(what);
  return std::move(*value);
}

}  // namespace keyward::core
