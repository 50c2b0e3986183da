#include "http/access_log.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace keyward::http {

void write_access_log(const AccessLogEntry& entry, bool json) {
  auto logger = spdlog::get("access");
  if (!logger) logger = spdlog::default_logger();
  if (!logger->should_log(spdlog::level::info)) return;
  if (json) {
    const boost::json::value line = {
        {"method", entry.method},           {"path", entry.path},
        {"status", entry.status},           {"bytes", entry.bytes},
        {"duration_ms", entry.duration_ms}, {"request_id", entry.request_id},
        {"remote", entry.remote_address}};
    logger->info("{}", boost::json::serialize(line));
  } else {
    logger->info("{} {} {} {}B {:.3f}ms id={} from={}", entry.method, entry.path, entry.status,
                 entry.bytes, entry.duration_ms, entry.request_id, entry.remote_address);
  }
}

}  // namespace keyward::http
