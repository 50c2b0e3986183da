// The device protocol's bodies (/agent/v1/activate and /agent/v1/checkin): whatever a device
// sends is a 400 or a report within the documented limits of core/device_report.hpp.

#include "core/device_report.hpp"
#include "fuzz_input.hpp"

namespace {

using keyward::fuzz::is_clean_utf8;
using keyward::fuzz::violated;

void check_text(std::string_view field, const std::string& value, std::size_t max_bytes,
                bool multiline = false) {
  if (value.size() > max_bytes) violated("too long", field);
  if (!is_clean_utf8(value, multiline)) violated("not clean UTF-8", field);
}

void check_checkin(const keyward::core::CheckinReport& report) {
  check_text("hostname", report.hostname, 255 * 4);
  check_text("domain", report.domain, 255 * 4);
  check_text("os.name", report.os.name, 128 * 4);
  if (report.infections < 0 || report.infections > keyward::core::kMaxReportedInfections) {
    violated("infections out of range");
  }
  if (report.settings_revision < 0) violated("negative settings_revision");
  if (report.command_results.size() > 100) violated("too many command results");
  for (const auto& result : report.command_results) {
    check_text("command message", result.message, 1000 * 4, true);
  }
  if (!report.ip.empty() && !keyward::core::is_ip_address(report.ip)) violated("ip", report.ip);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = keyward::fuzz::parse_body(keyward::fuzz::as_text(data, size));
  if (!body) return 0;
  keyward::fuzz::expect_only_core_errors([&] {
    const auto activation = keyward::core::parse_activation_request(*body);
    check_text("hostname", activation.hostname, 255 * 4);
    check_text("machine_id", activation.machine_id, 128);
  });
  keyward::fuzz::expect_only_core_errors(
      [&] { check_checkin(keyward::core::parse_checkin_report(*body)); });
  return 0;
}
