#pragma once
// One simulated antivirus client. Everything about it (machine GUID, hostname, OS, client
// version, health) follows from the run's seed and the device's index (numbered host names
// also from the fleet's size), so two runs with the same seed are the same fleet: the second run
// re-activates the devices of the first instead of using new seats. It builds the protocol's
// request bodies, validates the server's answers and obeys the commands in them as SPEC.md §5
// describes.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace keyward::agent {

// splitmix64: 8 bytes of state per device keep 100,000 devices small, and its output is good
// enough to pick hostnames and dice rolls.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::uint64_t below(std::uint64_t bound);  // uniform in [0, bound), bound > 0
  double unit();                             // uniform in [0, 1)
  bool chance(double probability) { return unit() < probability; }

 private:
  std::uint64_t state_;
};

// A server answer that does not follow the protocol; what() names the member.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommandResult {
  std::int64_t id = 0;
  bool ok = false;
  std::string message;
};

// What one check-in's commands did, for the run's summary.
struct CommandTally {
  std::int64_t applied = 0;
  std::int64_t failed = 0;
};

class SimulatedDevice {
 public:
  SimulatedDevice(std::uint64_t seed, std::size_t index, std::size_t fleet_size);

  const std::string& machine_id() const { return machine_id_; }
  bool activated() const { return device_id_ != 0; }
  std::int64_t device_id() const { return device_id_; }
  const std::string& token() const { return token_; }

  boost::json::object activation_request(const std::string& license_key) const;
  // Takes the device id, token and settings of a 200/201 answer; throws ProtocolError.
  void accept_activation(const boost::json::value& answer);

  // The next health report. The device's state moves on first (a threat may appear or be
  // treated), as it would between two real check-ins; results of earlier commands that the
  // server has not acknowledged yet are sent again.
  boost::json::object next_checkin_report();
  // The report of the device's current state, without command results.
  boost::json::object current_report() const;
  // Handles a 200 answer to the report last built: its command results count as delivered,
  // and the new commands are carried out. Returns the server's check-in interval. Throws
  // ProtocolError (and changes nothing) when the answer does not follow the protocol.
  std::int64_t accept_checkin(const boost::json::value& answer, CommandTally& tally);

 private:
  struct Command {
    std::int64_t id = 0;
    std::string type;
    boost::json::object payload;
  };

  boost::json::object os_json() const;
  bool supports_remote_settings() const;
  CommandResult carry_out(const Command& command);

  Random random_;
  std::string machine_id_;
  std::string hostname_;
  std::string os_name_;
  std::string os_version_;
  std::string os_build_;
  std::string client_version_;
  std::string domain_;
  std::string ip_;

  std::int64_t device_id_ = 0;
  std::string token_;
  std::int64_t settings_revision_ = 0;
  std::int64_t infections_ = 0;
  bool realtime_ = true;
  bool updates_ = true;
  // Set by the portal's deactivate command: the user's own switching of protection stops.
  bool deactivated_ = false;
  std::vector<CommandResult> unacknowledged_;
  std::size_t sent_results_ = 0;  // how many of unacknowledged_ the last report carried
};

}  // namespace keyward::agent
