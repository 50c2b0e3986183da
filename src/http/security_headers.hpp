#pragma once
// Headers that every response carries, so no handler can forget them.

#include "http/message.hpp"

namespace keyward::http {

// Adds the CSP, nosniff, frame, referrer and (over TLS) HSTS headers unless the handler set
// its own value, and the version-free Server header.
void add_security_headers(Response& response, bool tls);

}  // namespace keyward::http
