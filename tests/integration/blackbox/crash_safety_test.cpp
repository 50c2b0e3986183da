// Crash safety: `kill -9` of the server in the middle of an activation and check-in storm (one
// server on SQLite; two servers on one PostgreSQL database, both killed). After a restart every
// acknowledged activation and check-in is in the database, the seat count equals the active
// devices, no command is lost, and a command the device completed is never delivered again.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

constexpr int kThreads = 8;
constexpr int kDevicesWithCommands = 24;

// One simulated device as the storm knows it: what the server acknowledged, and the command
// ids it has received but not yet reported back.
struct StormDevice {
  std::int64_t id = 0;
  std::string token;
  int sent_seq = 0;
  int acknowledged_seq = 0;
  std::set<std::int64_t> to_report;
  std::set<std::int64_t> reported_in_acknowledged_checkin;
};

std::string activation_body(const std::string& key, const std::string& machine_id) {
  return activation_request(key, machine_id, "CRASH-" + machine_id);
}

// The host name carries the check-in's sequence number, so the database shows which
// check-in of the device was stored last.
std::string checkin_body(const StormDevice& device, int seq) {
  json::array results;
  for (const std::int64_t id : device.to_report) {
    results.push_back(json::object{{"id", id}, {"ok", true}, {"message", "scanned"}});
  }
  return json::serialize(json::object{
      {"client_version", "3.2.34"},
      {"hostname", "H" + std::to_string(device.id) + "-" + std::to_string(seq)},
      {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}, {"build", "26100.2314"}}},
      {"infections", 0},
      {"protection", {{"realtime", true}, {"updates", true}}},
      {"settings_revision", 0},
      {"command_results", results}});
}

std::optional<StormDevice> activate(http::Client& client, const std::string& key,
                                    const std::string& machine_id) {
  const http::Response response = client.post("/agent/v1/activate", activation_body(key, machine_id));
  if (response.status != 201 && response.status != 200) return std::nullopt;
  const json::value body = json::parse(response.body);
  return StormDevice{body.at("device_id").as_int64(),
                     std::string(body.at("device_token").as_string())};
}

// One check-in; true when the server acknowledged it (200).
bool check_in(http::Client& client, StormDevice& device) {
  const int seq = ++device.sent_seq;
  const http::Response response = client.post("/agent/v1/checkin", checkin_body(device, seq),
                                              {{"authorization", "Bearer " + device.token}});
  if (response.status != 200) return false;
  device.acknowledged_seq = seq;
  device.reported_in_acknowledged_checkin.insert(device.to_report.begin(), device.to_report.end());
  device.to_report.clear();
  const json::value answer = json::parse(response.body);
  for (const json::value& command : answer.at("commands").as_array()) {
    device.to_report.insert(command.at("id").as_int64());
  }
  return true;
}

// Threads that each own some devices, activate new machines and check in at full speed over
// keep-alive connections to the servers, until a request fails (the servers were killed).
class Storm {
 public:
  Storm(std::vector<std::uint16_t> ports, std::string key, std::vector<StormDevice> devices)
      : ports_(std::move(ports)), key_(std::move(key)) {
    owned_.resize(kThreads);
    for (std::size_t i = 0; i < devices.size(); ++i) {
      owned_[i % kThreads].push_back(std::move(devices[i]));
    }
    for (int t = 0; t < kThreads; ++t) threads_.emplace_back([this, t] { run(t); });
  }

  // Waits for every thread; the devices as they were acknowledged.
  std::vector<StormDevice> finish() {
    for (auto& thread : threads_) thread.join();
    std::vector<StormDevice> all;
    for (auto& devices : owned_) all.insert(all.end(), devices.begin(), devices.end());
    return all;
  }

  int acknowledged_checkins() const { return checkins_; }
  int acknowledged_activations() const { return activations_; }

 private:
  void run(int t) {
    http::Client client("127.0.0.1", ports_[static_cast<std::size_t>(t) % ports_.size()], false,
                        std::chrono::seconds(10));
    std::vector<StormDevice>& devices = owned_[static_cast<std::size_t>(t)];
    try {
      for (std::size_t round = 0;; ++round) {
        if (round % 5 == 0) {
          auto device = activate(client, key_, "storm-" + std::to_string(t) + "-" +
                                                   std::to_string(round));
          if (!device) return;
          devices.push_back(std::move(*device));
          ++activations_;
        } else {
          if (!check_in(client, devices[round % devices.size()])) return;
          ++checkins_;
        }
      }
    } catch (const std::exception&) {
      // The servers are gone: what was acknowledged so far is what must survive.
    }
  }

  std::vector<std::uint16_t> ports_;
  std::string key_;
  std::vector<std::vector<StormDevice>> owned_;
  std::vector<std::thread> threads_;
  std::atomic<int> checkins_ = 0;
  std::atomic<int> activations_ = 0;
};

class CrashSafety : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_.create_reseller_and_customer();
    const json::object license = database_.issue_license(5000);
    license_id_ = std::to_string(license.at("id").as_int64());
    key_ = std::string(license.at("key").as_string());
  }

  std::vector<std::unique_ptr<KeywardServer>> start_servers(int count) {
    std::vector<std::unique_ptr<KeywardServer>> servers;
    for (int i = 0; i < count; ++i) {
      servers.push_back(std::make_unique<KeywardServer>(
          database_.url(), std::vector<std::string>{"--access-log", "false"}));
    }
    return servers;
  }

  // Devices activated before the storm, each with a scan command queued for it.
  std::vector<StormDevice> devices_with_commands(std::uint16_t port) {
    http::Client client("127.0.0.1", port);
    std::vector<StormDevice> devices;
    for (int i = 0; i < kDevicesWithCommands; ++i) {
      auto device = activate(client, key_, "commanded-" + std::to_string(i));
      EXPECT_TRUE(device.has_value());
      if (!device) continue;
      run_keyward_json({"device", "command", "--db", database_.url(), "--device",
                        std::to_string(device->id), "--type", "scan", "--json"});
      devices.push_back(std::move(*device));
    }
    return devices;
  }

  // device id -> the sequence number in its stored host name.
  std::map<std::int64_t, int> stored_sequences() {
    std::map<std::int64_t, int> sequences;
    std::istringstream rows(database_.sql(
        "SELECT id || ' ' || hostname FROM devices WHERE license_id = " + license_id_));
    for (std::string line; std::getline(rows, line);) {
      const std::size_t space = line.find(' ');
      const std::int64_t id = std::stoll(line.substr(0, space));
      const std::string hostname = line.substr(space + 1);
      const std::size_t dash = hostname.rfind('-');
      sequences[id] = hostname.starts_with("H") ? std::stoi(hostname.substr(dash + 1)) : 0;
    }
    return sequences;
  }

  void expect_everything_acknowledged_survived(const std::vector<StormDevice>& devices) {
    const std::map<std::int64_t, int> stored = stored_sequences();
    for (const StormDevice& device : devices) {
      ASSERT_TRUE(stored.contains(device.id)) << "acknowledged activation lost: " << device.id;
      EXPECT_GE(stored.at(device.id), device.acknowledged_seq)
          << "acknowledged check-in lost for device " << device.id;
    }
    EXPECT_EQ(database_.sql_int("SELECT seats_used FROM licenses WHERE id = " + license_id_),
              database_.sql_int("SELECT COUNT(*) FROM devices WHERE active = 1 AND license_id = " +
                                license_id_));
    EXPECT_EQ(database_.sql_int("SELECT COUNT(*) FROM device_commands"), kDevicesWithCommands)
        << "a command was lost or duplicated";
    for (const StormDevice& device : devices) {
      for (const std::int64_t command : device.reported_in_acknowledged_checkin) {
        EXPECT_EQ(database_.sql("SELECT status FROM device_commands WHERE id = " +
                                std::to_string(command)),
                  "completed")
            << "command " << command << " was reported done in an acknowledged check-in";
      }
    }
  }

  // After the restart each device checks in again: a completed command never comes back.
  void expect_completed_commands_not_delivered_again(std::vector<StormDevice>& devices,
                                                     std::uint16_t port) {
    http::Client client("127.0.0.1", port);
    for (StormDevice& device : devices) {
      const std::set<std::int64_t> completed = device.reported_in_acknowledged_checkin;
      ASSERT_TRUE(check_in(client, device)) << "device " << device.id;
      for (const std::int64_t command : device.to_report) {
        EXPECT_FALSE(completed.contains(command)) << "command " << command << " sent again";
      }
    }
  }

  void storm_kill_and_restart(int servers_count) {
    auto servers = start_servers(servers_count);
    std::vector<std::uint16_t> ports;
    for (const auto& server : servers) ports.push_back(server->port());
    Storm storm(ports, key_, devices_with_commands(ports.front()));
    std::this_thread::sleep_for(std::chrono::seconds(4));
    for (auto& server : servers) server->process().kill();
    std::vector<StormDevice> devices = storm.finish();
    ASSERT_GT(storm.acknowledged_checkins(), 100) << "the storm never got going";
    ASSERT_GT(storm.acknowledged_activations(), 10);
    std::size_t completed_in_storm = 0;
    for (const StormDevice& device : devices) {
      completed_in_storm += device.reported_in_acknowledged_checkin.size();
    }
    ASSERT_GT(completed_in_storm, 0u) << "no command went round trip before the kill";

    servers.clear();
    KeywardServer restarted(database_.url(), {"--access-log", "false"});
    expect_everything_acknowledged_survived(devices);
    expect_completed_commands_not_delivered_again(devices, restarted.port());
  }

  TempDir dir_;
  TestDatabase database_{GetParam(), dir_};
  std::string license_id_;
  std::string key_;
};

TEST_P(CrashSafety, KillNineDuringAStormLosesNothingAcknowledged) {
  storm_kill_and_restart(GetParam() == "postgres" ? 2 : 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, CrashSafety, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace keyward::test
