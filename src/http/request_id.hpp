#pragma once
// Request ids tie a client's report, the access log and error logs together.

#include <string>
#include <string_view>

namespace keyward::http {

// An id from a proxy or client is kept when it is short and safe to log (1-64 characters of
// [A-Za-z0-9._-]); anything else could inject into logs or grow them.
bool acceptable_request_id(std::string_view id);
// 32 random hex digits.
std::string new_request_id();

}  // namespace keyward::http
