#pragma once
// One access-log line per request, plain text or a JSON object per line.

#include <cstddef>
#include <string>
#include <string_view>

namespace keyward::http {

struct AccessLogEntry {
  std::string_view method;
  std::string_view path;  // without the query string, which may carry tokens or personal data
  int status = 0;
  std::size_t bytes = 0;  // response body bytes
  double duration_ms = 0;
  std::string_view request_id;
  std::string_view remote_address;
};

// Goes to the spdlog logger named "access" when the application registered one (so it can
// send access lines elsewhere or print bare JSON lines with pattern "%v"), else to the
// default logger.
void write_access_log(const AccessLogEntry& entry, bool json);

}  // namespace keyward::http
