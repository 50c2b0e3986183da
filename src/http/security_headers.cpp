#include "http/security_headers.hpp"

namespace keyward::http {

namespace {

void set_default(Response& response, const char* name, const char* value) {
  if (response.headers.find(name) == response.headers.end()) response.headers.emplace(name, value);
}

}  // namespace

void add_security_headers(Response& response, bool tls) {
  set_default(response, "content-security-policy",
              "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  set_default(response, "x-content-type-options", "nosniff");
  set_default(response, "x-frame-options", "DENY");
  set_default(response, "referrer-policy", "no-referrer");
  if (tls) set_default(response, "strict-transport-security", "max-age=31536000");
  // A product name without a version gives scanners nothing to match against.
  response.set_header("server", "Keyward");
}

}  // namespace keyward::http
