#pragma once
// The address of the client behind the request: the TCP peer, or, when the peer is a
// trusted proxy (--trusted-proxy), the address it forwarded in X-Forwarded-For.

#include <string>

#include "api/api.hpp"
#include "http/message.hpp"

namespace keyward::api {

// X-Forwarded-For is read from the right: each trusted proxy appends the address it saw, so
// the rightmost address that is not a trusted proxy is the first one nobody could forge.
std::string client_address(const ApiContext& context, const http::Request& request);

}  // namespace keyward::api
