#pragma once
// Runs a fleet of simulated devices against a Keyward server: every thread owns a slice of
// the devices and one keep-alive connection, activates its devices, then checks them in on
// their schedule. The counts of all threads add up to one Summary.

#include <array>
#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace keyward::agent {

struct ServerAddress {
  std::string url;   // as given, for messages
  std::string host;  // without IPv6 brackets
  std::uint16_t port = 0;
  bool tls = false;
  std::string base_path;  // "" or "/prefix" without a trailing slash
};

// Accepts http(s)://HOST[:PORT][/PATH]; throws std::invalid_argument saying what is wrong.
ServerAddress parse_server_url(const std::string& text);

struct AgentOptions {
  ServerAddress server;
  std::string license_key;
  std::size_t devices = 0;
  // Seconds between two check-ins of a device; none: the server's checkin_interval_s.
  std::optional<double> interval_s;
  std::optional<double> duration_s;    // stop check-ins after this long
  std::optional<std::int64_t> rounds;  // or after this many check-ins per device
  unsigned threads = 4;
  std::uint64_t seed = 1;
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// Latencies in logarithmic buckets 1% wide: percentiles within 1% in constant memory, however
// long the run, and cheap to merge across threads.
class LatencyHistogram {
 public:
  void record(std::chrono::nanoseconds latency);
  void merge(const LatencyHistogram& other);
  std::int64_t count() const { return count_; }
  // The latency in milliseconds below which `fraction` of the samples lie; 0 without samples.
  double percentile_ms(double fraction) const;

 private:
  static constexpr std::size_t kBuckets = 2200;  // 1 µs .. ~10 min
  std::array<std::int64_t, kBuckets> buckets_{};
  std::int64_t count_ = 0;
};

struct Summary {
  std::size_t devices = 0;
  unsigned threads = 0;
  std::int64_t activated = 0;                             // 201: a new device, one seat more
  std::int64_t reactivated = 0;                           // 200: a machine the license already knew
  std::map<std::string, std::int64_t> activation_errors;  // by error code
  double activation_seconds = 0;
  LatencyHistogram activation_latency;

  std::int64_t checkins_ok = 0;
  std::int64_t checkins_failed = 0;
  std::map<std::string, std::int64_t> checkin_errors;  // by error code
  double checkin_seconds = 0;
  LatencyHistogram checkin_latency;

  std::int64_t commands_applied = 0;
  std::int64_t commands_failed = 0;
  std::int64_t devices_stopped = 0;  // answered 401 or 410, so they no longer check in
  std::string first_protocol_error;  // the first answer that broke the protocol, if any
  std::string unreachable;           // why the server could not be reached at all, if so
  bool interrupted = false;
};

// Runs the fleet until the rounds are done, the duration is over or `stop` becomes true.
// With `tokens_out`, writes "device_id token report" for every activated device once all
// have tried to activate, before the first check-in; `report` is the device's check-in body
// as one line of JSON, so that a load generator reports what the device would (a different
// host name or address would make every first check-in a rename).
Summary run_simulation(const AgentOptions& options, const std::atomic<bool>& stop,
                       std::ostream* tokens_out);

boost::json::object summary_json(const Summary& summary);
std::string summary_text(const Summary& summary);

}  // namespace keyward::agent
