#include "core/device_report.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "core/validation.hpp"

namespace keyward::core {
namespace {

constexpr std::size_t kMaxCommandResults = 100;
constexpr std::size_t kMaxCommandMessage = 1000;

bool is_machine_id_char(unsigned char c) {
  return std::isalnum(c) || c == '{' || c == '}' || c == '-' || c == '_' || c == '.' || c == ':';
}

std::string parse_machine_id(const boost::json::object& body) {
  std::string id = required_text(body, "machine_id", 1, 128);
  if (!std::all_of(id.begin(), id.end(), [](unsigned char c) { return is_machine_id_char(c); })) {
    throw invalid_request("machine_id", "may only contain letters, digits and {}._:-");
  }
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

OsInfo parse_os(const boost::json::object& body) {
  const auto& os = required_object(body, "os");
  return OsInfo{required_text(os, "name", 1, 128, "os"), optional_text(os, "version", 64, "", "os"),
                optional_text(os, "build", 64, "", "os")};
}

Version parse_client_version(const boost::json::object& body) {
  return Version::parse(required_text(body, "client_version", 1, 64), "client_version");
}

std::string parse_ip(const boost::json::object& body) {
  std::string ip = optional_text(body, "ip", 64);
  if (!ip.empty() && !is_ip_address(ip)) {
    throw invalid_request("ip", "must be an IPv4 or IPv6 address");
  }
  return ip;
}

std::string cut_message(std::string message) {
  if (utf8_length(message) <= kMaxCommandMessage) return message;
  std::size_t points = 0;
  std::size_t i = 0;
  for (; i < message.size(); ++i) {
    const bool starts_point = (static_cast<unsigned char>(message[i]) & 0xc0) != 0x80;
    if (starts_point && points++ == kMaxCommandMessage) break;
  }
  message.resize(i);
  return message;
}

std::vector<CommandResult> parse_command_results(const boost::json::object& body) {
  std::vector<CommandResult> results;
  const auto* value = body.if_contains("command_results");
  if (!value || value->is_null()) return results;
  if (!value->is_array()) throw invalid_request("command_results", "must be an array");
  const auto& array = value->get_array();
  if (array.size() > kMaxCommandResults) {
    throw invalid_request("command_results", "must have at most 100 entries");
  }
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = "command_results[" + std::to_string(i) + "]";
    const auto& item = require_object(array[i], path);
    CommandResult result;
    result.command_id = required_integer(item, "id", 1, INT64_MAX, path);
    result.ok = required_bool(item, "ok", path);
    const auto* message = item.if_contains("message");
    if (message && message->is_string()) {
      result.message = cut_message(
          require_multiline_text(field_path(path, "message"), message->get_string(), 0, SIZE_MAX));
    } else if (message && !message->is_null()) {
      throw invalid_request(field_path(path, "message"), "must be a string");
    }
    results.push_back(std::move(result));
  }
  return results;
}

// Counts beyond what the portal shows are stored as the maximum (a broken counter still
// means "many"); negative counts and non-numbers are errors.
std::int64_t parse_infections(const boost::json::object& body) {
  const auto* value = body.if_contains("infections");
  const bool huge = value && ((value->is_uint64() && !value->is_int64()) ||
                              (value->is_double() && value->get_double() >= 9.0e15));
  if (huge) return kMaxReportedInfections;
  return std::min(required_integer(body, "infections", 0, INT64_MAX), kMaxReportedInfections);
}

}  // namespace

bool is_ip_address(std::string_view text) {
  if (text.size() > 45 || text.find('\0') != std::string_view::npos) return false;
  const std::string address(text);
  unsigned char buffer[16];
  return inet_pton(AF_INET, address.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

ActivationRequest parse_activation_request(const boost::json::value& value) {
  const auto& body = require_object(value, "");
  return ActivationRequest{required_text(body, "license_key", 1, 64),
                           parse_machine_id(body),
                           required_text(body, "hostname", 1, 255),
                           parse_os(body),
                           parse_client_version(body),
                           optional_text(body, "domain", 255),
                           parse_ip(body)};
}

CheckinReport parse_checkin_report(const boost::json::value& value) {
  const auto& body = require_object(value, "");
  CheckinReport report{parse_client_version(body)};
  report.hostname = required_text(body, "hostname", 1, 255);
  report.ip = parse_ip(body);
  report.domain = optional_text(body, "domain", 255);
  report.os = parse_os(body);
  report.infections = parse_infections(body);
  const auto& protection = required_object(body, "protection");
  report.realtime_on = required_bool(protection, "realtime", "protection");
  report.updates_on = required_bool(protection, "updates", "protection");
  report.settings_revision = required_integer(body, "settings_revision", 0, INT64_MAX);
  report.command_results = parse_command_results(body);
  return report;
}

}  // namespace keyward::core
