#pragma once
// What a device sends: the activation request and the check-in report (SPEC.md §5), parsed
// from JSON and validated. The rules, for client developers:
// - the body is a JSON object; unknown members are ignored (newer clients), null = absent;
// - text: valid UTF-8 without control characters, trimmed; hostname 1..255, machine_id
//   1..128 of [A-Za-z0-9{}._:-] (stored lower-case), os.name 1..128, os.version and os.build
//   0..64, domain 0..255, command messages 0..1000 (longer ones are cut at 1000);
// - client_version: 1-4 dot-separated numbers ("3.2.34");
// - ip: an IPv4 or IPv6 address, or absent (then the address the request came from);
// - infections: a whole number >= 0; counts above 1,000,000 are stored as 1,000,000;
// - settings_revision >= 0; at most 100 command_results per check-in.
// Anything else is rejected with 400 invalid_request naming the field; nothing is stored raw.

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/os_eol.hpp"
#include "core/version.hpp"

namespace keyward::core {

inline constexpr std::int64_t kMaxReportedInfections = 1000000;

struct ActivationRequest {
  std::string license_key;  // as sent; the caller normalises it
  std::string machine_id;
  std::string hostname;
  OsInfo os;
  Version client_version;
  std::string domain;
  std::string ip;  // empty: use the peer address
};

struct CommandResult {
  Id command_id = 0;
  bool ok = false;
  std::string message;
};

struct CheckinReport {
  Version client_version;
  std::string hostname;
  std::string ip;  // empty: use the peer address
  std::string domain;
  OsInfo os;
  std::int64_t infections = 0;
  bool realtime_on = true;
  bool updates_on = true;
  std::int64_t settings_revision = 0;
  std::vector<CommandResult> command_results;
};

ActivationRequest parse_activation_request(const boost::json::value& body);
CheckinReport parse_checkin_report(const boost::json::value& body);

bool is_ip_address(std::string_view text);

}  // namespace keyward::core
