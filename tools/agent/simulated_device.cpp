#include "simulated_device.hpp"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <cstdio>
#include <limits>
#include <string_view>

#include "core/version.hpp"

namespace keyward::agent {
namespace {

// The server accepts at most this many command results per check-in (core/device_report.hpp).
constexpr std::size_t kMaxResultsPerCheckin = 100;
// Device tokens go into an Authorization header; anything longer or odd is not a token.
constexpr std::size_t kMaxTokenLength = 512;
constexpr std::int64_t kMaxCheckinInterval = 7 * 24 * 3600;
// Share of commands that fail on the client, so the portal's failure paths see traffic.
constexpr double kCommandFailureRate = 0.02;

struct OsChoice {
  int weight;  // per mille of the fleet
  std::string_view name;
  std::string_view version;
  std::string_view build;
  std::array<std::string_view, 3> update_revisions;
  bool server;
};

// A fleet as resellers see it today: Windows 10 22H2 (end of life) still common, Windows 11
// taking over, a few servers and some forgotten Windows 7 / 8.1 machines.
constexpr std::array<OsChoice, 10> kOperatingSystems = {{
    {200, "Windows 11 Pro", "23H2", "22631", {"3880", "4317", "4460"}, false},
    {220, "Windows 11 Pro", "24H2", "26100", {"1742", "2033", "2314"}, false},
    {40, "Windows 11 Enterprise", "24H2", "26100", {"1742", "2033", "2314"}, false},
    {300, "Windows 10 Pro", "22H2", "19045", {"4529", "5011", "5247"}, false},
    {60, "Windows 10 Enterprise", "22H2", "19045", {"4529", "5011", "5247"}, false},
    {30, "Windows Server 2016 Standard", "1607", "14393", {"7259", "7428", "7515"}, true},
    {40, "Windows Server 2019 Standard", "1809", "17763", {"6054", "6414", "6532"}, true},
    {60, "Windows Server 2022 Standard", "21H2", "20348", {"2582", "2849", "2966"}, true},
    {25, "Windows 7 Professional", "SP1", "7601", {"24214", "26321", "27366"}, false},
    {25, "Windows 8.1 Pro", "", "9600", {"21620", "22074", "22174"}, false},
}};

struct VersionChoice {
  int weight;  // per mille
  std::string_view version;
};

// Mostly the current release; some stragglers, and 2.9 clients below the 3.0 minimum for
// remote settings.
constexpr std::array<VersionChoice, 7> kClientVersions = {{
    {720, "3.2.34"},
    {100, "3.2.30"},
    {80, "3.1.12"},
    {40, "3.1.7"},
    {20, "3.0.5"},
    {25, "2.9.11"},
    {15, "2.9.5"},
}};

constexpr std::array<std::string_view, 6> kDomains = {
    "corp.northwind.local", "praxis-lueneburg.local", "ad.fabrikam.com",
    "contoso.lan",          "office.example.org",     "kanzlei-berg.intern"};
constexpr std::array<std::string_view, 8> kDepartments = {
    "ACCOUNTING", "RECEPTION", "SALES", "LAB", "WAREHOUSE", "HR", "FRONTDESK", "CAD"};
constexpr std::array<std::string_view, 6> kServerRoles = {"DC",  "FILE", "SQL",
                                                          "APP", "RDS",  "PRINT"};

constexpr std::uint64_t mix(std::uint64_t value) {
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

template <class Choice, std::size_t N>
const Choice& pick_weighted(const std::array<Choice, N>& choices, Random& random) {
  int roll = static_cast<int>(random.below(1000));
  for (const Choice& choice : choices) {
    if (roll < choice.weight) return choice;
    roll -= choice.weight;
  }
  return choices.back();
}

template <class T, std::size_t N>
const T& pick(const std::array<T, N>& choices, Random& random) {
  return choices[random.below(N)];
}

std::string random_suffix(Random& random, std::size_t length) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  std::string text;
  for (std::size_t i = 0; i < length; ++i) text += kAlphabet[random.below(kAlphabet.size())];
  return text;
}

// "04", or "0042" when the range needs four digits.
std::string numbered(std::uint64_t number, std::uint64_t range) {
  std::string text = std::to_string(number);
  const std::size_t width = std::max<std::size_t>(2, std::to_string(range).size());
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

// Numbered names ("PC-ACCOUNTING-04") come from a range that grows with the fleet, so that in
// a fleet of any size a few devices share a name (the portal's "review" status), not hundreds.
std::string make_hostname(Random& random, bool server, std::size_t fleet_size) {
  if (server) {
    const std::uint64_t range = std::max<std::uint64_t>(12, fleet_size / 20);
    return "SRV-" + std::string(pick(kServerRoles, random)) + "-" +
           numbered(1 + random.below(range), range);
  }
  const std::uint64_t style = random.below(100);
  if (style < 50) return "DESKTOP-" + random_suffix(random, 7);
  if (style < 70) return "LAPTOP-" + random_suffix(random, 8);
  const std::uint64_t range = std::max<std::uint64_t>(30, fleet_size / 4);
  return "PC-" + std::string(pick(kDepartments, random)) + "-" +
         numbered(1 + random.below(range), range);
}

// A GUID as Windows stores the MachineGuid: lower-case hex, no braces, version 4 layout.
std::string make_machine_id(std::uint64_t seed, std::size_t index) {
  const std::uint64_t high = mix(seed ^ mix(index * 2 + 1));
  const std::uint64_t low = mix(mix(seed) + index);
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xfff),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

// All devices of a run share one customer network: its domain and private address range.
std::string make_ip(std::uint64_t seed, std::size_t index) {
  Random network(mix(seed ^ 0x6e6574776f726bULL));
  const std::uint64_t kind = network.below(3);
  const std::uint64_t site = network.below(200);
  const std::uint64_t subnet = (site + index / 250) % 256;
  const std::uint64_t host = 2 + index % 250;
  char text[20];
  if (kind == 0) {
    std::snprintf(text, sizeof text, "192.168.%u.%u", static_cast<unsigned>(subnet),
                  static_cast<unsigned>(host));
  } else if (kind == 1) {
    std::snprintf(text, sizeof text, "10.%u.%u.%u", static_cast<unsigned>(site),
                  static_cast<unsigned>(subnet), static_cast<unsigned>(host));
  } else {
    std::snprintf(text, sizeof text, "172.%u.%u.%u", static_cast<unsigned>(16 + site % 16),
                  static_cast<unsigned>(subnet), static_cast<unsigned>(host));
  }
  return text;
}

std::string fleet_domain(std::uint64_t seed) {
  Random network(mix(seed ^ 0x646f6d61696eULL));
  return std::string(pick(kDomains, network));
}

// A JSON number that is a whole number in int64 range.
std::optional<std::int64_t> integer_of(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= std::numeric_limits<std::int64_t>::max()) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  return std::nullopt;
}

const boost::json::object& require_object(const boost::json::value& value,
                                          const std::string& what) {
  if (!value.is_object()) throw ProtocolError(what + ": not a JSON object");
  return value.get_object();
}

std::int64_t require_integer(const boost::json::object& object, std::string_view key,
                             std::int64_t min, std::int64_t max, const std::string& what) {
  const boost::json::value* member = object.if_contains(key);
  const std::optional<std::int64_t> number = member ? integer_of(*member) : std::nullopt;
  if (!number || *number < min || *number > max) {
    throw ProtocolError(what + "." + std::string(key) + ": missing or not a whole number in " +
                        std::to_string(min) + ".." + std::to_string(max));
  }
  return *number;
}

// settings_revision may be null: the group has no configuration profile.
std::int64_t revision_or_zero(const boost::json::object& object, const std::string& what) {
  const boost::json::value* member = object.if_contains("settings_revision");
  if (member == nullptr || member->is_null()) return 0;
  return require_integer(object, "settings_revision", 0, std::numeric_limits<std::int64_t>::max(),
                         what);
}

void require_settings(const boost::json::object& object, const std::string& what) {
  const boost::json::value* settings = object.if_contains("settings");
  if (settings != nullptr && !settings->is_null() && !settings->is_object()) {
    throw ProtocolError(what + ".settings: neither an object nor null");
  }
}

bool is_token(std::string_view text) {
  return !text.empty() && text.size() <= kMaxTokenLength &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 127; });
}

}  // namespace

std::uint64_t Random::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return mix(state_);
}

std::uint64_t Random::below(std::uint64_t bound) { return next() % bound; }

double Random::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

SimulatedDevice::SimulatedDevice(std::uint64_t seed, std::size_t index, std::size_t fleet_size)
    : random_(mix(seed) ^ mix(index + 0x5eed)), machine_id_(make_machine_id(seed, index)) {
  const OsChoice& os = pick_weighted(kOperatingSystems, random_);
  os_name_ = os.name;
  os_version_ = os.version;
  os_build_ = std::string(os.build) + "." + std::string(pick(os.update_revisions, random_));
  hostname_ = make_hostname(random_, os.server, fleet_size);
  client_version_ = pick_weighted(kClientVersions, random_).version;
  if (os.server || random_.chance(0.55)) domain_ = fleet_domain(seed);
  ip_ = make_ip(seed, index);
  realtime_ = !random_.chance(0.04);
  updates_ = !random_.chance(0.03);
  if (random_.chance(0.02)) infections_ = static_cast<std::int64_t>(1 + random_.below(3));
}

boost::json::object SimulatedDevice::os_json() const {
  return {{"name", os_name_}, {"version", os_version_}, {"build", os_build_}};
}

bool SimulatedDevice::supports_remote_settings() const {
  return core::Version::parse(client_version_) >= core::Version::parse("3.0");
}

boost::json::object SimulatedDevice::activation_request(const std::string& license_key) const {
  return {{"license_key", license_key},
          {"machine_id", machine_id_},
          {"hostname", hostname_},
          {"os", os_json()},
          {"client_version", client_version_},
          {"domain", domain_},
          {"ip", ip_}};
}

void SimulatedDevice::accept_activation(const boost::json::value& answer) {
  const std::string what = "activation answer";
  const boost::json::object& object = require_object(answer, what);
  const std::int64_t device_id =
      require_integer(object, "device_id", 1, std::numeric_limits<std::int64_t>::max(), what);
  const boost::json::value* token = object.if_contains("device_token");
  if (token == nullptr || !token->is_string() || !is_token(token->get_string())) {
    throw ProtocolError(what + ".device_token: missing or not a token");
  }
  const std::int64_t revision = revision_or_zero(object, what);
  require_settings(object, what);

  device_id_ = device_id;
  token_ = token->get_string();
  // A client below 3.0 ignores remote settings, so it never reports a revision.
  settings_revision_ = supports_remote_settings() ? revision : 0;
}

boost::json::object SimulatedDevice::next_checkin_report() {
  if (infections_ == 0) {
    if (random_.chance(0.003)) infections_ = static_cast<std::int64_t>(1 + random_.below(2));
  } else if (random_.chance(0.25)) {
    infections_ = 0;  // the resident shield quarantined it
  }
  if (!deactivated_) {
    // Users switch protection off for an install and (mostly) back on later.
    if (realtime_ ? random_.chance(0.001) : random_.chance(0.10)) realtime_ = !realtime_;
  }
  if (updates_ ? random_.chance(0.0005) : random_.chance(0.10)) updates_ = !updates_;

  sent_results_ = std::min(unacknowledged_.size(), kMaxResultsPerCheckin);
  boost::json::object report = current_report();
  boost::json::array& results = report["command_results"].as_array();
  for (std::size_t i = 0; i < sent_results_; ++i) {
    const CommandResult& result = unacknowledged_[i];
    results.push_back(
        boost::json::object{{"id", result.id}, {"ok", result.ok}, {"message", result.message}});
  }
  return report;
}

boost::json::object SimulatedDevice::current_report() const {
  return {{"client_version", client_version_},
          {"hostname", hostname_},
          {"ip", ip_},
          {"domain", domain_},
          {"os", os_json()},
          {"infections", infections_},
          {"protection", boost::json::object{{"realtime", realtime_}, {"updates", updates_}}},
          {"settings_revision", settings_revision_},
          {"command_results", boost::json::array{}}};
}

std::int64_t SimulatedDevice::accept_checkin(const boost::json::value& answer,
                                             CommandTally& tally) {
  const std::string what = "check-in answer";
  const boost::json::object& object = require_object(answer, what);
  const std::int64_t interval =
      require_integer(object, "checkin_interval_s", 1, kMaxCheckinInterval, what);
  revision_or_zero(object, what);
  const boost::json::value* list = object.if_contains("commands");
  if (list == nullptr || !list->is_array()) throw ProtocolError(what + ".commands: not an array");

  std::vector<Command> commands;
  for (std::size_t i = 0; i < list->get_array().size(); ++i) {
    const std::string item = what + ".commands[" + std::to_string(i) + "]";
    const boost::json::object& command = require_object(list->get_array()[i], item);
    Command parsed;
    parsed.id = require_integer(command, "id", 1, std::numeric_limits<std::int64_t>::max(), item);
    const boost::json::value* type = command.if_contains("type");
    if (type == nullptr || !type->is_string() || type->get_string().empty()) {
      throw ProtocolError(item + ".type: missing or not a string");
    }
    parsed.type = type->get_string();
    const boost::json::value* payload = command.if_contains("payload");
    if (payload != nullptr && !payload->is_null()) {
      parsed.payload = require_object(*payload, item + ".payload");
    }
    commands.push_back(std::move(parsed));
  }

  unacknowledged_.erase(unacknowledged_.begin(),
                        unacknowledged_.begin() + static_cast<std::ptrdiff_t>(sent_results_));
  sent_results_ = 0;
  for (const Command& command : commands) {
    // A command whose result is still on its way was already carried out: the server sent it
    // again because it has not seen the result yet.
    const bool pending = std::any_of(unacknowledged_.begin(), unacknowledged_.end(),
                                     [&](const CommandResult& r) { return r.id == command.id; });
    if (pending) continue;
    CommandResult result = carry_out(command);
    ++(result.ok ? tally.applied : tally.failed);
    unacknowledged_.push_back(std::move(result));
  }
  return interval;
}

CommandResult SimulatedDevice::carry_out(const Command& command) {
  CommandResult result{command.id, true, ""};
  const bool fails = random_.chance(kCommandFailureRate);
  if (command.type == "apply_settings") {
    const boost::json::value* revision = command.payload.if_contains("revision");
    const std::optional<std::int64_t> number = revision ? integer_of(*revision) : std::nullopt;
    const boost::json::value* settings = command.payload.if_contains("settings");
    if (!number || *number < 0 || (settings && !settings->is_object() && !settings->is_null())) {
      result = {command.id, false, "invalid apply_settings payload"};
    } else if (!supports_remote_settings()) {
      result = {command.id, false,
                "client " + client_version_ + " cannot apply remote settings (needs 3.0)"};
    } else if (fails) {
      result = {command.id, false, "settings could not be written: access denied (0x80070005)"};
    } else {
      settings_revision_ = *number;
      result.message = "settings revision " + std::to_string(*number) + " applied";
    }
  } else if (command.type == "scan") {
    const boost::json::value* scan_type = command.payload.if_contains("scan_type");
    if (scan_type == nullptr || !scan_type->is_string() || scan_type->get_string().empty() ||
        scan_type->get_string().size() > 64) {
      result = {command.id, false, "invalid scan payload"};
    } else if (fails) {
      result = {command.id, false, "scan aborted: the computer was shut down"};
    } else {
      std::int64_t found = infections_;
      if (found == 0 && random_.chance(0.05)) found = 1;
      infections_ = 0;
      const std::string kind = "scan (" + std::string(scan_type->get_string()) + ")";
      result.message = found == 0
                           ? kind + ": no threats found"
                           : kind + ": " + std::to_string(found) +
                                 (found == 1 ? " threat" : " threats") + " found and removed";
    }
  } else if (command.type == "deactivate" || command.type == "activate") {
    const bool activate = command.type == "activate";
    if (fails) {
      result = {command.id, false, "the protection service did not answer within 30 s"};
    } else {
      deactivated_ = !activate;
      realtime_ = activate;
      result.message = activate ? "protection activated" : "protection deactivated";
    }
  } else {
    // The type is echoed only when it is short plain text, so the result stays acceptable.
    const bool printable = command.type.size() <= 64 && is_token(command.type);
    result = {command.id, false,
              printable ? "unknown command type '" + command.type + "'" : "unknown command type"};
  }
  return result;
}

}  // namespace keyward::agent
