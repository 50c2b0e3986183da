#pragma once
// Text into HTML (mail bodies): the five characters with a meaning in markup are escaped.

#include <string>
#include <string_view>

namespace keyward::core {

std::string html_escape(std::string_view text);

}  // namespace keyward::core
