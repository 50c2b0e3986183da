#pragma once
// The token of an `Authorization: Bearer <token>` header.

#include <optional>
#include <string>

#include "http/message.hpp"

namespace keyward::api {

// The token, or nullopt when the header is missing or not a well-formed bearer token
// (printable ASCII, at most 256 characters). The token is a secret: never log it.
std::optional<std::string> bearer_token(const http::Request& request);

}  // namespace keyward::api
