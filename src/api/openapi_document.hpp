#pragma once
// docs/openapi.yaml, compiled into the binary so the server always serves the document of
// its own routes (a test keeps the two in step).

#include <string_view>

namespace keyward::api {

std::string_view openapi_document();

}  // namespace keyward::api
