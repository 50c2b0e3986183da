// `keyward-agent` against a real `keyward serve`: the simulated fleet activates, checks in,
// and comes back as the same machines on the next run, without using new seats.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "keyward_binary.hpp"
#include "support/free_port.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

std::int64_t count_of(const boost::json::object& summary, const char* key) {
  return summary.at(key).as_int64();
}

// device id -> token, from a --tokens-out file ("device_id token report" per line); every
// line's report must be the device's check-in body.
std::map<std::int64_t, std::string> read_tokens(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::map<std::int64_t, std::string> tokens;
  std::int64_t device_id = 0;
  std::string token;
  std::string report;
  while (in >> device_id >> token && std::getline(in >> std::ws, report)) {
    const boost::json::value body = boost::json::parse(report);
    EXPECT_TRUE(body.as_object().contains("hostname")) << report;
    EXPECT_TRUE(body.as_object().contains("os")) << report;
    tokens[device_id] = token;
  }
  return tokens;
}

std::set<std::int64_t> ids_of(const std::map<std::int64_t, std::string>& tokens) {
  std::set<std::int64_t> ids;
  for (const auto& entry : tokens) ids.insert(entry.first);
  return ids;
}

class Agent : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + (dir_ / "keyward.db").string();
    run_keyward_json(
        {"company", "create", "--db", db_, "--name", "Northwind IT", "--kind", "reseller"});
    run_keyward_json({"company", "create", "--db", db_, "--name", "Praxis Berg", "--kind",
                      "customer", "--parent", "Northwind IT"});
    license_key_ = std::string(run_keyward_json({"license", "issue", "--db", db_, "--customer",
                                                 "Praxis Berg", "--seats", "20", "--years", "1"})
                                   .at("key")
                                   .as_string());
    server_ =
        std::make_unique<KeywardServer>(db_, std::vector<std::string>{"--access-log", "false"});
  }

  std::string server_url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  // Runs the agent with --json; returns the summary, or an empty object when it failed.
  boost::json::object run_fleet(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--server", server_url(), "--license-key", license_key_,
                                     "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult result = run_agent(args);
    EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
    if (result.exit_code != 0) return {};
    return boost::json::parse(result.out).as_object();
  }

  TempDir dir_;
  std::string db_;
  std::string license_key_;
  std::unique_ptr<KeywardServer> server_;
};

TEST_F(Agent, FleetActivatesChecksInAndReturnsAsTheSameMachinesWithoutNewSeats) {
  const std::vector<std::string> fleet = {"--devices", "20", "--rounds", "2", "--interval", "0",
                                          "--threads", "2",  "--seed",   "7"};
  auto with_tokens = [&](const std::string& file) {
    std::vector<std::string> args = fleet;
    args.insert(args.end(), {"--tokens-out", (dir_ / file).string()});
    return args;
  };

  const boost::json::object first = run_fleet(with_tokens("first.txt"));
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(count_of(first, "activated"), 20);
  EXPECT_EQ(count_of(first, "reactivated"), 0);
  EXPECT_TRUE(first.at("activation_errors").as_object().empty()) << boost::json::serialize(first);
  EXPECT_EQ(count_of(first, "checkins_ok"), 40) << boost::json::serialize(first);
  EXPECT_EQ(count_of(first, "checkins_failed"), 0) << boost::json::serialize(first);
  EXPECT_FALSE(first.contains("protocol_error")) << boost::json::serialize(first);
  const auto& latency = first.at("latency_ms").as_object();
  EXPECT_GT(latency.at("p50").as_double(), 0);
  EXPECT_LE(latency.at("p50").as_double(), latency.at("p99").as_double());

  const boost::json::object second = run_fleet(with_tokens("second.txt"));
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(count_of(second, "activated"), 0);
  EXPECT_EQ(count_of(second, "reactivated"), 20) << boost::json::serialize(second);
  EXPECT_EQ(count_of(second, "checkins_ok"), 40) << boost::json::serialize(second);

  const auto first_tokens = read_tokens(dir_ / "first.txt");
  const auto second_tokens = read_tokens(dir_ / "second.txt");
  ASSERT_EQ(first_tokens.size(), 20u);
  EXPECT_EQ(ids_of(first_tokens), ids_of(second_tokens));
  for (const auto& [device_id, token] : first_tokens) {
    EXPECT_NE(token, second_tokens.at(device_id)) << "re-activation must issue a fresh token";
  }

  // A 20-seat license that two runs of the same 20 machines used is still not full for them.
  const boost::json::object third = run_fleet(fleet);
  ASSERT_FALSE(third.empty());
  EXPECT_EQ(count_of(third, "reactivated"), 20) << boost::json::serialize(third);
  EXPECT_EQ(count_of(third, "checkins_ok"), 40);
}

TEST_F(Agent, CarriesOutQueuedCommandsAndAcknowledgesThemOnTheNextCheckin) {
  const std::vector<std::string> fleet = {"--devices", "3", "--interval", "0", "--seed", "7"};
  std::vector<std::string> activate = fleet;
  activate.insert(activate.end(), {"--rounds", "0", "--tokens-out", (dir_ / "t.txt").string()});
  ASSERT_FALSE(run_fleet(activate).empty());
  const auto tokens = read_tokens(dir_ / "t.txt");
  ASSERT_EQ(tokens.size(), 3u);
  const std::string device = std::to_string(tokens.begin()->first);
  for (const char* type : {"deactivate", "scan"}) {
    run_keyward_json({"device", "command", "--db", db_, "--device", device, "--type", type});
  }

  // The first check-in fetches the commands, the second one reports their results.
  std::vector<std::string> check_in = fleet;
  check_in.insert(check_in.end(), {"--rounds", "2"});
  const boost::json::object summary = run_fleet(check_in);
  ASSERT_FALSE(summary.empty());
  EXPECT_EQ(count_of(summary, "commands_applied"), 2) << boost::json::serialize(summary);
  EXPECT_EQ(count_of(summary, "checkins_ok"), 6);

  const auto shown = run_keyward_json({"device", "show", "--db", db_, "--device", device});
  EXPECT_FALSE(shown.at("active").as_bool());
  EXPECT_FALSE(shown.at("protection").at("realtime").as_bool()) << boost::json::serialize(shown);
  std::map<std::string, std::string> messages;
  for (const auto& command : shown.at("commands").as_array()) {
    EXPECT_EQ(command.at("status").as_string(), "completed") << boost::json::serialize(command);
    messages[std::string(command.at("type").as_string())] = command.at("message").as_string();
  }
  EXPECT_EQ(messages["deactivate"], "protection deactivated");
  EXPECT_NE(messages["scan"].find("scan (quick)"), std::string::npos) << messages["scan"];
}

TEST_F(Agent, AnotherMachineOnAFullLicenseIsRefusedAndReported) {
  ASSERT_FALSE(run_fleet({"--devices", "20", "--rounds", "0", "--seed", "7"}).empty());
  const RunResult result = run_agent({"--server", server_url(), "--license-key", license_key_,
                                      "--devices", "3", "--rounds", "1", "--seed", "8", "--json"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no device could activate: 3 no_free_activations"), std::string::npos)
      << result.err;
  const auto summary = boost::json::parse(result.out).as_object();
  EXPECT_EQ(summary.at("activation_errors").at("no_free_activations").as_int64(), 3);
  EXPECT_EQ(count_of(summary, "checkins_ok"), 0);
}

TEST_F(Agent, UnknownLicenseKeyIsReportedByItsCode) {
  const RunResult result =
      run_agent({"--server", server_url(), "--license-key", "00000000-0000-0000-0000-000000000000",
                 "--devices", "2", "--rounds", "1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("2 unknown_license"), std::string::npos) << result.err;
}

TEST(AgentUsage, HelpNamesTheOptions) {
  const RunResult result = run_agent({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* option : {"--server", "--license-key", "--devices", "--interval", "--duration",
                             "--rounds", "--threads", "--seed", "--tokens-out", "--json"}) {
    EXPECT_NE(result.out.find(option), std::string::npos) << option;
  }
}

TEST(AgentUsage, BadArgumentsAreOneLineAndExitOne) {
  const std::string key = "0123abcd-0123-4567-89ab-0123456789ab";
  const std::vector<std::string> base = {
      "--server", "http://127.0.0.1:8080", "--license-key", key, "--devices", "5"};
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--server", "ftp://127.0.0.1", "--license-key", key, "--devices", "5"}, "--server"},
      {{"--server", "not a url", "--license-key", key, "--devices", "5"}, "--server"},
      {{"--server", "http://127.0.0.1:8080", "--license-key", "nonsense", "--devices", "5"},
       "--license-key"},
      {{"--server", "http://127.0.0.1:8080", "--license-key", key, "--devices", "0"}, "--devices"},
      {{"--interval", "-1"}, "--interval"},
      {{"--duration", "0"}, "--duration"},
      {{"--rounds", "-2"}, "--rounds"},
      {{"--threads", "0"}, "--threads"},
      {{"--tokens-out", "/nonexistent/dir/tokens.txt", "--rounds", "1"}, "--tokens-out"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    if (args.front() != "--server") args.insert(args.begin(), base.begin(), base.end());
    const RunResult result = run_agent(args);
    EXPECT_EQ(result.exit_code, 1) << c.message << "\n" << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST(AgentUsage, DurationAndRoundsExcludeEachOther) {
  const RunResult result = run_agent({"--server", "http://127.0.0.1:8080", "--license-key",
                                      "0123abcd-0123-4567-89ab-0123456789ab", "--devices", "1",
                                      "--duration", "5", "--rounds", "1"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(AgentUsage, AServerThatIsNotThereIsOneLineAndExitOne) {
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  const RunResult result =
      run_agent({"--server", url, "--license-key", "0123abcd-0123-4567-89ab-0123456789ab",
                 "--devices", "50", "--rounds", "1", "--timeout", "2"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot reach " + url), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

}  // namespace
}  // namespace keyward::test
