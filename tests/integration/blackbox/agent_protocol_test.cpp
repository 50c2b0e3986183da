// The device protocol (SPEC.md §5) against a real `keyward serve` on both databases:
// activation, check-in and commands, seen from the device and from the portal's CLI.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <regex>
#include <string_view>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

json::object body_of(const http::Response& response) {
  json::value value = json::parse(response.body);
  return value.is_object() ? value.as_object() : json::object{};
}

std::string error_code_of(const http::Response& response) {
  const json::object body = body_of(response);
  if (!body.contains("error")) return "(no error object: " + response.body + ")";
  return std::string(body.at("error").at("code").as_string());
}

std::string error_message_of(const http::Response& response) {
  const json::object body = body_of(response);
  if (!body.contains("error")) return "";
  return std::string(body.at("error").at("message").as_string());
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool has_status(const json::object& device, std::string_view key) {
  for (const auto& status : device.at("statuses").as_array()) {
    const auto& value = status.at("key");
    if (value.is_string() && value.as_string() == key) return true;
  }
  return false;
}

// The newest action-log entry of the device with this action, or an empty object.
json::object newest_action(const json::object& device, std::string_view action) {
  for (const auto& entry : device.at("actions").as_array()) {
    if (entry.at("action").as_string() == action) return entry.as_object();
  }
  return {};
}

json::object command_by_id(const json::object& device, std::int64_t id) {
  for (const auto& command : device.at("commands").as_array()) {
    if (command.at("id").as_int64() == id) return command.as_object();
  }
  return {};
}

struct IssuedLicense {
  std::int64_t id = 0;
  std::string key;
  std::int64_t group_id = 0;
};

struct Activation {
  int status = 0;
  std::int64_t device_id = 0;
  std::string token;
  json::object body;
};

// A database with a reseller and its customer on the engine of the parameter, a server that
// starts on first use (so that a test can set the policy before), and SQL access.
class AgentProtocol : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(GetParam(), dir_);
    db_ = database_->url();
    database_->create_reseller_and_customer();
  }

  IssuedLicense issue(int seats, const std::string& type = "purchase") {
    const json::object license = database_->issue_license(seats, type);
    return {license.at("id").as_int64(), std::string(license.at("key").as_string()),
            license.at("group_id").as_int64()};
  }

  KeywardServer& server() {
    if (!server_) {
      server_ =
          std::make_unique<KeywardServer>(db_, std::vector<std::string>{"--access-log", "false"});
      client_ = std::make_unique<http::Client>("127.0.0.1", server_->port());
    }
    return *server_;
  }

  http::Client& client() {
    server();
    return *client_;
  }

  std::string sql(const std::string& statement) { return database_->sql(statement); }
  std::int64_t sql_int(const std::string& statement) { return std::stoll(sql(statement)); }

  static json::object activation_body(const std::string& key, const std::string& machine_id,
                                      const std::string& hostname = "PC-EMPFANG") {
    return {
        {"license_key", key},
        {"machine_id", machine_id},
        {"hostname", hostname},
        {"os", {{"name", "Windows 11 Enterprise"}, {"version", "25H2"}, {"build", "26200.6584"}}},
        {"client_version", "3.2.34"},
        {"domain", "praxis.local"},
        {"ip", "192.168.10.23"}};
  }

  // A healthy check-in report; tests change what they need.
  static json::object report(const std::string& hostname = "PC-EMPFANG") {
    return {
        {"client_version", "3.2.34"},
        {"hostname", hostname},
        {"ip", "192.168.10.23"},
        {"domain", "praxis.local"},
        {"os", {{"name", "Windows 11 Enterprise"}, {"version", "25H2"}, {"build", "26200.6584"}}},
        {"infections", 0},
        {"protection", {{"realtime", true}, {"updates", true}}},
        {"settings_revision", 0}};
  }

  http::Response post_activate(const json::object& body) {
    return client().post("/agent/v1/activate", json::serialize(body));
  }

  Activation activate(const std::string& key, const std::string& machine_id,
                      const std::string& hostname = "PC-EMPFANG") {
    const http::Response response = post_activate(activation_body(key, machine_id, hostname));
    Activation result;
    result.status = response.status;
    result.body = body_of(response);
    if (response.status == 200 || response.status == 201) {
      result.device_id = result.body.at("device_id").as_int64();
      result.token = std::string(result.body.at("device_token").as_string());
    }
    return result;
  }

  http::Response checkin(const std::string& token, const json::object& body) {
    return checkin_raw(token, json::serialize(body));
  }

  http::Response checkin_raw(const std::string& token, const std::string& body) {
    return client().post("/agent/v1/checkin", body, {{"authorization", "Bearer " + token}});
  }

  json::object show(std::int64_t device_id) {
    return run_keyward_json({"device", "show", "--db", db_, "--device", std::to_string(device_id)});
  }

  RunResult command(std::int64_t device_id, const std::string& type) {
    return run_keyward({"device", "command", "--db", db_, "--device", std::to_string(device_id),
                        "--type", type, "--json"});
  }

  std::int64_t queue(std::int64_t device_id, const std::string& type) {
    const RunResult result = command(device_id, type);
    EXPECT_EQ(result.exit_code, 0) << type << ": " << result.err;
    if (result.exit_code != 0) return 0;
    return json::parse(result.out).at("id").as_int64();
  }

  TempDir dir_;
  std::unique_ptr<TestDatabase> database_;
  std::string db_;
  std::unique_ptr<KeywardServer> server_;
  std::unique_ptr<http::Client> client_;
};

// ---------------------------------------------------------------------------------------------
// Activation

TEST_P(AgentProtocol, ActivationCreatesADeviceThenTheSameMachineGetsItBackWithAFreshToken) {
  const IssuedLicense license = issue(1);
  const Activation first = activate(license.key, "{4C4C4544-0042-3510-8052-B4C04F4A3732}");
  ASSERT_EQ(first.status, 201) << json::serialize(first.body);
  EXPECT_GT(first.device_id, 0);
  EXPECT_TRUE(std::regex_match(first.token, std::regex("kwd_[A-Za-z0-9_-]{43}"))) << first.token;
  EXPECT_EQ(first.body.at("settings_revision").as_int64(), 0);
  EXPECT_TRUE(first.body.at("settings").is_null());
  EXPECT_EQ(checkin(first.token, report()).status, 200);

  // A reinstall: the same machine GUID (in another letter case) on the full 1-seat license.
  const Activation again =
      activate(license.key, "{4c4c4544-0042-3510-8052-b4c04f4a3732}", "PC-EMPFANG-NEU");
  ASSERT_EQ(again.status, 200) << json::serialize(again.body);
  EXPECT_EQ(again.device_id, first.device_id);
  EXPECT_TRUE(std::regex_match(again.token, std::regex("kwd_[A-Za-z0-9_-]{43}")));
  EXPECT_NE(again.token, first.token);

  const http::Response old_token = checkin(first.token, report());
  EXPECT_EQ(old_token.status, 401);
  EXPECT_EQ(error_code_of(old_token), "invalid_token");
  EXPECT_EQ(checkin(again.token, report("PC-EMPFANG-NEU")).status, 200);

  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 1);
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices"), 1);
  const json::object device = show(first.device_id);
  EXPECT_EQ(device.at("hostname").as_string(), "PC-EMPFANG-NEU");
  EXPECT_EQ(device.at("machine_id").as_string(), "{4c4c4544-0042-3510-8052-b4c04f4a3732}");
  EXPECT_EQ(device.at("os").at("build").as_string(), "26200.6584");
  EXPECT_EQ(device.at("ip").as_string(), "192.168.10.23");
  EXPECT_EQ(device.at("domain").as_string(), "praxis.local");
  EXPECT_EQ(newest_action(device, "device.reactivated").at("user").as_string(), "Client");

  // Another machine finds the license full.
  const http::Response full = post_activate(activation_body(license.key, "other-machine"));
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(error_code_of(full), "no_free_activations");
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices"), 1);
}

TEST_P(AgentProtocol, ActivationRefusesUnknownAndExpiredLicensesButMspLicensesHaveNoSeatLimit) {
  const IssuedLicense license = issue(5);
  const IssuedLicense msp = issue(1, "msp");
  for (const std::string& key :
       {std::string("00000000-0000-0000-0000-000000000000"), std::string("not-a-license-key"),
        std::string("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")}) {
    const http::Response unknown = post_activate(activation_body(key, "machine-1"));
    EXPECT_EQ(unknown.status, 404) << key;
    EXPECT_EQ(error_code_of(unknown), "unknown_license") << key;
  }

  const Activation known = activate(license.key, "machine-1");
  ASSERT_EQ(known.status, 201);
  sql("UPDATE licenses SET expires_at = " + std::to_string(unix_now() - 2 * 86400) +
      " WHERE id = " + std::to_string(license.id));
  const http::Response expired = post_activate(activation_body(license.key, "machine-2"));
  EXPECT_EQ(expired.status, 403);
  EXPECT_EQ(error_code_of(expired), "license_expired");
  const http::Response expired_again = post_activate(activation_body(license.key, "machine-1"));
  EXPECT_EQ(expired_again.status, 403) << "an expired license is read-only";
  EXPECT_EQ(error_code_of(expired_again), "license_expired");
  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 1);
  const RunResult read_only = command(known.device_id, "scan");
  EXPECT_EQ(read_only.exit_code, 1) << "no device actions on an expired license";
  EXPECT_NE(read_only.err.find("expired"), std::string::npos) << read_only.err;

  for (int i = 0; i < 12; ++i) {
    const Activation device = activate(msp.key, "msp-machine-" + std::to_string(i));
    EXPECT_EQ(device.status, 201) << i << ": " << json::serialize(device.body);
  }
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices WHERE license_id = " + std::to_string(msp.id)),
            12);
}

TEST_P(AgentProtocol, GuessingLicenseKeysIsLimitedPerAddressWith429AndRetryAfter) {
  const IssuedLicense license = issue(5);
  for (int i = 0; i < 30; ++i) {
    char key[40];
    std::snprintf(key, sizeof key, "%08x-0000-4000-8000-%012x", i, i);
    const http::Response guess = post_activate(activation_body(key, "guesser"));
    ASSERT_EQ(guess.status, 404) << i;
  }
  const http::Response limited =
      post_activate(activation_body("0000ffff-0000-4000-8000-00000000ffff", "guesser"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(error_code_of(limited), "too_many_unknown_keys");
  ASSERT_TRUE(limited.headers.contains("retry-after"));
  EXPECT_GT(std::stoi(limited.headers.find("retry-after")->second), 0);
  // Past the limit the address learns nothing, not even whether a key is real.
  EXPECT_EQ(post_activate(activation_body(license.key, "machine-1")).status, 429);
  sql("DELETE FROM login_failures");
  EXPECT_EQ(post_activate(activation_body(license.key, "machine-1")).status, 201)
      << "the limit counts only the failures of its window";
}

TEST_P(AgentProtocol, ActivationRejectsInvalidRequestsNamingTheFieldAndStoresNothing) {
  const IssuedLicense license = issue(5);
  struct Case {
    std::string field;
    json::object body;
  };
  std::vector<Case> cases;
  auto with = [&](const std::string& field, auto change) {
    json::object body = activation_body(license.key, "machine-1");
    change(body);
    cases.push_back({field, std::move(body)});
  };
  with("machine_id", [](json::object& body) { body.erase("machine_id"); });
  with("machine_id", [](json::object& body) { body["machine_id"] = "has space"; });
  with("machine_id", [](json::object& body) { body["machine_id"] = std::string(129, 'a'); });
  with("os.name", [](json::object& body) { body["os"].as_object().erase("name"); });
  with("os", [](json::object& body) { body["os"] = "Windows"; });
  with("client_version", [](json::object& body) { body["client_version"] = "three"; });
  with("client_version", [](json::object& body) { body["client_version"] = "1.2.3.4.5"; });
  with("client_version", [](json::object& body) { body["client_version"] = 3; });
  with("hostname", [](json::object& body) { body["hostname"] = ""; });
  with("hostname", [](json::object& body) { body["hostname"] = "PC\x01"; });
  with("ip", [](json::object& body) { body["ip"] = "300.1.1.1"; });
  with("license_key", [](json::object& body) { body.erase("license_key"); });
  for (const Case& test : cases) {
    const http::Response response = post_activate(test.body);
    EXPECT_EQ(response.status, 400) << json::serialize(test.body);
    EXPECT_EQ(error_code_of(response), "invalid_request") << json::serialize(test.body);
    EXPECT_EQ(error_message_of(response).rfind(test.field + ":", 0), 0u)
        << "expected the message to name " << test.field << ": " << error_message_of(response);
  }

  for (const std::string& body :
       {std::string("{\"license_key\":"), std::string("not json"), std::string("")}) {
    const http::Response response =
        client().post("/agent/v1/activate", body, {{"content-type", "application/json"}});
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(error_code_of(response), "invalid_json") << body;
  }
  const http::Response array = client().post("/agent/v1/activate", "[1,2]");
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(error_code_of(array), "invalid_request");

  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices"), 0);
  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 0);
}

TEST_P(AgentProtocol, ChurnLimitAnswers429AndLogsTheRefusalOnceWhileKnownMachinesStillReturn) {
  ASSERT_EQ(run_keyward({"policy", "set", "--db", db_, "activation_limit_factor", "1"}).exit_code,
            0);
  const IssuedLicense license = issue(1);
  const Activation first = activate(license.key, "machine-1");
  ASSERT_EQ(first.status, 201);
  queue(first.device_id, "deactivate");
  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 0);

  // A free seat, but this 1-seat license already had one new activation in 24 hours.
  for (int i = 0; i < 3; ++i) {
    const http::Response limited = post_activate(activation_body(license.key, "machine-2"));
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(error_code_of(limited), "activation_rate_limited");
  }
  EXPECT_EQ(sql("SELECT status || '|' || actor || '|' || COALESCE(device_id, 0) FROM action_log "
                "WHERE action = 'device.activation_rate_limited' AND license_id = " +
                std::to_string(license.id)),
            "aborted|Client|0")
      << "exactly one entry per hour";
  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 0);
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices"), 1);

  // The known machine is no new activation: it returns (deactivated, as the portal left it).
  const Activation back = activate(license.key, "machine-1");
  EXPECT_EQ(back.status, 200) << json::serialize(back.body);
  EXPECT_EQ(back.device_id, first.device_id);
  EXPECT_FALSE(show(first.device_id).at("active").as_bool());
}

// ---------------------------------------------------------------------------------------------
// Check-in

TEST_P(AgentProtocol, CheckinStoresTheReportAndAnswersCommandsRevisionAndInterval) {
  const IssuedLicense license = issue(5);
  const Activation device = activate(license.key, "machine-1");
  ASSERT_EQ(device.status, 201);

  json::object unhealthy = report("PC-LABOR");
  unhealthy["os"] = {{"name", "Windows 10 Pro"}, {"version", "22H2"}, {"build", "19045.4529"}};
  unhealthy["infections"] = 3;
  unhealthy["protection"] = {{"realtime", false}, {"updates", true}};
  unhealthy["client_version"] = "3.2.40";
  unhealthy["ip"] = "10.0.0.7";
  unhealthy["unknown_member_of_a_newer_client"] = {{"x", 1}};
  const http::Response answer = checkin(device.token, unhealthy);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const json::object reply = body_of(answer);
  EXPECT_TRUE(reply.at("commands").as_array().empty());
  EXPECT_EQ(reply.at("settings_revision").as_int64(), 0);
  EXPECT_EQ(reply.at("checkin_interval_s").as_int64(), 300);
  EXPECT_EQ(answer.header("content-type").value_or(""), "application/json");

  json::object shown = show(device.device_id);
  EXPECT_EQ(shown.at("hostname").as_string(), "PC-LABOR");
  EXPECT_EQ(shown.at("os").at("name").as_string(), "Windows 10 Pro");
  EXPECT_EQ(shown.at("os").at("version").as_string(), "22H2");
  EXPECT_EQ(shown.at("client_version").as_string(), "3.2.40");
  EXPECT_EQ(shown.at("ip").as_string(), "10.0.0.7");
  EXPECT_EQ(shown.at("infections").as_int64(), 3);
  EXPECT_FALSE(shown.at("protection").at("realtime").as_bool());
  EXPECT_TRUE(shown.at("protection").at("updates").as_bool());
  EXPECT_TRUE(has_status(shown, "threatened")) << json::serialize(shown.at("statuses"));
  EXPECT_TRUE(has_status(shown, "eol")) << "Windows 10 22H2 ended on 2025-10-14";
  EXPECT_TRUE(has_status(shown, "insecure"));
  EXPECT_TRUE(has_status(shown, "profile_missing"));

  // An OS the calendar does not know is accepted and never end of life; counts are capped.
  json::object odd = report("PC-LABOR");
  odd["os"] = {{"name", "ReactOS"}, {"version", "0.4.15"}, {"build", "x"}};
  odd["infections"] = 5000000;
  odd.erase("ip");
  ASSERT_EQ(checkin(device.token, odd).status, 200);
  shown = show(device.device_id);
  EXPECT_EQ(shown.at("os").at("name").as_string(), "ReactOS");
  EXPECT_EQ(shown.at("infections").as_int64(), 1000000);
  EXPECT_EQ(shown.at("ip").as_string(), "127.0.0.1") << "without ip: the peer address";
  EXPECT_FALSE(has_status(shown, "eol"));
  EXPECT_FALSE(has_status(shown, "insecure"));
  EXPECT_TRUE(has_status(shown, "threatened"));

  // Counts beyond int64 (a broken counter) still mean "many", not a refused report.
  for (const std::string huge : {"18446744073709551615", "1e20"}) {
    ASSERT_EQ(checkin(device.token, report("PC-LABOR")).status, 200);
    std::string body = json::serialize(report("PC-LABOR"));
    body.replace(body.find("\"infections\":0"), 14, "\"infections\":" + huge);
    const http::Response counted = checkin_raw(device.token, body);
    EXPECT_EQ(counted.status, 200) << huge << ": " << counted.body;
    EXPECT_EQ(show(device.device_id).at("infections").as_int64(), 1000000) << huge;
  }

  ASSERT_EQ(checkin(device.token, report("PC-LABOR")).status, 200);
  shown = show(device.device_id);
  EXPECT_EQ(shown.at("infections").as_int64(), 0);
  EXPECT_FALSE(has_status(shown, "threatened"));
  EXPECT_FALSE(has_status(shown, "eol"));
}

TEST_P(AgentProtocol, CheckinRefusesBadTokensWith401AndDeletedDevicesWith410) {
  const IssuedLicense license = issue(5);
  const Activation device = activate(license.key, "machine-1");
  ASSERT_EQ(device.status, 201);
  const std::string body = json::serialize(report());

  const http::Response missing = client().post("/agent/v1/checkin", body);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(error_code_of(missing), "invalid_token");
  for (const std::string& header :
       {std::string("Bearer"), std::string("Bearer "), std::string("Bearer garbage"),
        "Bearer kwd_" + std::string(43, 'A'), "Basic " + device.token,
        "Bearer " + device.token + "x", "Bearer " + device.token.substr(0, 20)}) {
    const http::Response refused =
        client().post("/agent/v1/checkin", body, {{"authorization", header}});
    EXPECT_EQ(refused.status, 401) << header;
    EXPECT_EQ(error_code_of(refused), "invalid_token") << header;
  }
  const http::Response no_settings = client().get("/agent/v1/settings");
  EXPECT_EQ(no_settings.status, 401);
  EXPECT_EQ(error_code_of(no_settings), "invalid_token");
  EXPECT_EQ(checkin(device.token, report()).status, 200);

  queue(device.device_id, "deactivate");
  ASSERT_EQ(
      run_keyward({"device", "delete", "--db", db_, "--device", std::to_string(device.device_id)})
          .exit_code,
      0);
  const http::Response gone = checkin(device.token, report());
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(error_code_of(gone), "device_deleted");
  const http::Response gone_settings =
      client().get("/agent/v1/settings", {{"authorization", "Bearer " + device.token}});
  EXPECT_EQ(gone_settings.status, 410);
  EXPECT_EQ(error_code_of(gone_settings), "device_deleted");

  // The deleted machine may come back: it is a new device and takes a seat again.
  const Activation returned = activate(license.key, "machine-1");
  EXPECT_EQ(returned.status, 201);
  EXPECT_NE(returned.device_id, device.device_id) << "a deleted device's id is never reused";
  EXPECT_TRUE(newest_action(show(returned.device_id), "device.deleted").empty())
      << "the new device must not inherit the deleted device's action log";
  EXPECT_EQ(checkin(returned.token, report()).status, 200);
  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 1);
}

TEST_P(AgentProtocol, CheckinRejectsInvalidReportsNamingTheFieldAndKeepsTheDeviceUnchanged) {
  const IssuedLicense license = issue(5);
  const Activation device = activate(license.key, "machine-1");
  ASSERT_EQ(device.status, 201);
  struct Case {
    std::string field;
    json::object body;
  };
  std::vector<Case> cases;
  auto with = [&](const std::string& field, auto change) {
    json::object body = report("CHANGED");
    change(body);
    cases.push_back({field, std::move(body)});
  };
  with("infections", [](json::object& body) { body["infections"] = -1; });
  with("infections", [](json::object& body) { body["infections"] = 1.5; });
  with("infections", [](json::object& body) { body["infections"] = "3"; });
  with("infections", [](json::object& body) { body.erase("infections"); });
  with("hostname", [](json::object& body) { body["hostname"] = std::string(10 * 1024, 'h'); });
  with("hostname", [](json::object& body) { body["hostname"] = "tab\there"; });
  with("protection.realtime",
       [](json::object& body) { body["protection"].as_object()["realtime"] = "yes"; });
  with("settings_revision", [](json::object& body) { body["settings_revision"] = -2; });
  with("client_version", [](json::object& body) { body["client_version"] = ""; });
  with("command_results", [](json::object& body) { body["command_results"] = "none"; });
  with("command_results", [](json::object& body) {
    json::array results;
    for (int i = 1; i <= 101; ++i) results.push_back({{"id", i}, {"ok", true}});
    body["command_results"] = std::move(results);
  });
  with("command_results[0].ok", [](json::object& body) {
    body["command_results"] = json::array{json::object{{"id", 1}}};
  });
  for (const Case& test : cases) {
    const http::Response response = checkin(device.token, test.body);
    EXPECT_EQ(response.status, 400) << test.field;
    EXPECT_EQ(error_code_of(response), "invalid_request") << test.field;
    EXPECT_EQ(error_message_of(response).rfind(test.field + ":", 0), 0u)
        << "expected the message to name " << test.field << ": " << error_message_of(response);
  }

  // Invalid UTF-8 (a raw 0xff byte and a lone surrogate) never reaches the database.
  const std::string valid = json::serialize(report("CHANGED"));
  std::string raw_bytes = valid;
  raw_bytes.replace(raw_bytes.find("CHANGED"), 7, "PC\xff\xfe");
  std::string surrogate = valid;
  surrogate.replace(surrogate.find("CHANGED"), 7, "PC\\ud800");
  for (const std::string& body : {raw_bytes, surrogate}) {
    const http::Response response = checkin_raw(device.token, body);
    EXPECT_EQ(response.status, 400) << response.body;
  }
  const http::Response garbled = checkin_raw(device.token, "{\"hostname\":");
  EXPECT_EQ(garbled.status, 400);
  EXPECT_EQ(error_code_of(garbled), "invalid_json");

  EXPECT_EQ(show(device.device_id).at("hostname").as_string(), "PC-EMPFANG");
}

// ---------------------------------------------------------------------------------------------
// Commands

TEST_P(AgentProtocol, DeactivateFreesTheSeatAtOnceAndIsDeliveredUntilTheDeviceAcknowledgesIt) {
  const IssuedLicense license = issue(1);
  const Activation first = activate(license.key, "machine-1");
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(checkin(first.token, report()).status, 200);

  const std::int64_t command_id = queue(first.device_id, "deactivate");
  ASSERT_GT(command_id, 0);
  json::object shown = show(first.device_id);
  EXPECT_FALSE(shown.at("active").as_bool());
  EXPECT_EQ(newest_action(shown, "device.deactivate").at("status").as_string(), "outstanding");
  EXPECT_EQ(command_by_id(shown, command_id).at("status").as_string(), "outstanding");
  bool deactivated_status = false;
  for (const auto& status : shown.at("statuses").as_array()) {
    if (status.at("key").is_string() && status.at("key").as_string() == "deactivated") {
      deactivated_status = status.at("code").as_int64() == 40;
    }
  }
  EXPECT_TRUE(deactivated_status) << json::serialize(shown.at("statuses"));

  // The seat is free before the device even heard of it.
  const Activation second = activate(license.key, "machine-2", "PC-2");
  EXPECT_EQ(second.status, 201) << json::serialize(second.body);
  EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + std::to_string(license.id)), 1);

  const http::Response delivery = checkin(first.token, report());
  ASSERT_EQ(delivery.status, 200);
  const json::object delivered = body_of(delivery);
  const json::array& commands = delivered.at("commands").as_array();
  ASSERT_EQ(commands.size(), 1u) << delivery.body;
  EXPECT_EQ(commands[0].at("id").as_int64(), command_id);
  EXPECT_EQ(commands[0].at("type").as_string(), "deactivate");
  EXPECT_TRUE(commands[0].at("payload").is_object());
  shown = show(first.device_id);
  EXPECT_EQ(newest_action(shown, "device.deactivate").at("status").as_string(), "running");
  EXPECT_EQ(command_by_id(shown, command_id).at("status").as_string(), "running");

  // Not acknowledged: delivered again. A deactivated device keeps checking in.
  const http::Response redelivery = checkin(first.token, report());
  ASSERT_EQ(redelivery.status, 200);
  ASSERT_EQ(body_of(redelivery).at("commands").as_array().size(), 1u);
  EXPECT_EQ(body_of(redelivery).at("commands").at(0).at("id").as_int64(), command_id);

  json::object acknowledged = report();
  acknowledged["command_results"] = {{{"id", command_id}, {"ok", true}, {"message", "done"}}};
  const http::Response ack = checkin(first.token, acknowledged);
  ASSERT_EQ(ack.status, 200);
  EXPECT_TRUE(body_of(ack).at("commands").as_array().empty()) << ack.body;
  shown = show(first.device_id);
  const json::object action = newest_action(shown, "device.deactivate");
  EXPECT_EQ(action.at("status").as_string(), "completed");
  EXPECT_EQ(action.at("user").as_string(), "command line");
  EXPECT_FALSE(action.at("ended_at").is_null());
  EXPECT_EQ(command_by_id(shown, command_id).at("status").as_string(), "completed");
  EXPECT_FALSE(shown.at("active").as_bool());

  // A second acknowledgement changes nothing; the device goes on checking in.
  const http::Response late = checkin(first.token, acknowledged);
  EXPECT_EQ(late.status, 200);
  EXPECT_TRUE(body_of(late).at("commands").as_array().empty());
  EXPECT_EQ(newest_action(show(first.device_id), "device.deactivate").at("status").as_string(),
            "completed");

  // Deactivating twice is refused; activating needs a free seat, which machine-2 holds now.
  EXPECT_EQ(command(first.device_id, "deactivate").exit_code, 1);
  const RunResult no_seat = command(first.device_id, "activate");
  EXPECT_EQ(no_seat.exit_code, 1);
  EXPECT_NE(no_seat.err.find("activations"), std::string::npos) << no_seat.err;
}

TEST_P(AgentProtocol, ScanRefusedByTheClientIsAbortedWithItsMessageAndOnlyItsDeviceSeesIt) {
  const IssuedLicense license = issue(5);
  const Activation device = activate(license.key, "machine-1");
  const Activation other = activate(license.key, "machine-2", "PC-2");
  ASSERT_EQ(device.status, 201);
  ASSERT_EQ(other.status, 201);

  const std::int64_t scan = queue(device.device_id, "scan");
  ASSERT_GT(scan, 0);

  // The other device neither receives the scan nor can answer it.
  const http::Response elsewhere = checkin(other.token, report("PC-2"));
  ASSERT_EQ(elsewhere.status, 200);
  EXPECT_TRUE(body_of(elsewhere).at("commands").as_array().empty()) << elsewhere.body;
  json::object forged = report("PC-2");
  forged["command_results"] = {{{"id", scan}, {"ok", false}, {"message", "forged"}}};
  EXPECT_EQ(checkin(other.token, forged).status, 200);
  json::object shown = show(device.device_id);
  EXPECT_EQ(command_by_id(shown, scan).at("status").as_string(), "outstanding");
  EXPECT_EQ(newest_action(shown, "device.scan").at("status").as_string(), "outstanding");
  EXPECT_EQ(newest_action(shown, "device.scan").at("client_message").as_string(), "");

  const http::Response delivery = checkin(device.token, report());
  ASSERT_EQ(delivery.status, 200);
  const json::object delivered = body_of(delivery);
  const json::array& commands = delivered.at("commands").as_array();
  ASSERT_EQ(commands.size(), 1u) << delivery.body;
  EXPECT_EQ(commands[0].at("id").as_int64(), scan);
  EXPECT_EQ(commands[0].at("type").as_string(), "scan");
  EXPECT_EQ(commands[0].at("payload").at("scan_type").as_string(), "quick");

  // Forging after delivery changes nothing either.
  EXPECT_EQ(checkin(other.token, forged).status, 200);
  EXPECT_EQ(command_by_id(show(device.device_id), scan).at("status").as_string(), "running");

  json::object refused = report();
  refused["command_results"] = {
      {{"id", scan}, {"ok", false}, {"message", "Scan abgebrochen: Datenträger belegt"}}};
  ASSERT_EQ(checkin(device.token, refused).status, 200);
  shown = show(device.device_id);
  const json::object action = newest_action(shown, "device.scan");
  EXPECT_EQ(action.at("status").as_string(), "aborted");
  EXPECT_EQ(action.at("client_message").as_string(), "Scan abgebrochen: Datenträger belegt");
  EXPECT_EQ(command_by_id(shown, scan).at("status").as_string(), "aborted");
  EXPECT_TRUE(shown.at("active").as_bool()) << "a scan does not change the activation";

  // A client message longer than 1000 characters is kept, cut at 1000.
  const std::int64_t second_scan = queue(device.device_id, "scan");
  json::object verbose = report();
  verbose["command_results"] = {
      {{"id", second_scan}, {"ok", true}, {"message", std::string(1500, 'x')}}};
  ASSERT_EQ(checkin(device.token, verbose).status, 200);
  EXPECT_EQ(newest_action(show(device.device_id), "device.scan").at("client_message").as_string(),
            std::string(1000, 'x'));
  EXPECT_EQ(show(other.device_id).at("commands").as_array().size(), 0u);
}

TEST_P(AgentProtocol, ApplySettingsNeedsAGroupProfileAndDeliversItsCurrentRevision) {
  const IssuedLicense license = issue(5);
  const Activation device = activate(license.key, "machine-1");
  ASSERT_EQ(device.status, 201);

  const RunResult refused = command(device.device_id, "apply_settings");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("profile"), std::string::npos) << refused.err;
  EXPECT_TRUE(show(device.device_id).at("commands").as_array().empty());

  const std::string now = std::to_string(unix_now());
  const std::int64_t customer =
      sql_int("SELECT customer_id FROM licenses WHERE id = " + std::to_string(license.id));
  sql("INSERT INTO profiles (owner_company_id, name, current_revision, created_at, updated_at) "
      "VALUES (" +
      std::to_string(customer) + ", 'Praxis Standard', 2, " + now + ", " + now + ")");
  const std::string profile = sql("SELECT MAX(id) FROM profiles");
  const std::string old_settings = R"({"autoscan":{"mode":"off"}})";
  const std::string settings =
      R"({"autoscan":{"mode":"weekly","weekday":"monday","time":"12:30"},"scan_type":"quick"})";
  sql("INSERT INTO profile_revisions (profile_id, revision, settings, created_by, created_at) "
      "VALUES (" +
      profile + ", 1, '" + old_settings + "', NULL, " + now + "), (" + profile + ", 2, '" +
      settings + "', NULL, " + now + ")");
  sql("UPDATE device_groups SET profile_id = " + profile +
      " WHERE id = " + std::to_string(license.group_id));

  const std::int64_t apply = queue(device.device_id, "apply_settings");
  ASSERT_GT(apply, 0);
  const http::Response delivery = checkin(device.token, report());
  ASSERT_EQ(delivery.status, 200);
  const json::object reply = body_of(delivery);
  EXPECT_EQ(reply.at("settings_revision").as_int64(), 2);
  const json::array& commands = reply.at("commands").as_array();
  ASSERT_EQ(commands.size(), 1u) << delivery.body;
  EXPECT_EQ(commands[0].at("type").as_string(), "apply_settings");
  EXPECT_EQ(commands[0].at("payload").at("revision").as_int64(), 2);
  EXPECT_EQ(commands[0].at("payload").at("settings"), json::parse(settings));

  EXPECT_TRUE(has_status(show(device.device_id), "settings_incomplete"))
      << "the device still reports revision 0";

  const http::Response current =
      client().get("/agent/v1/settings", {{"authorization", "Bearer " + device.token}});
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(body_of(current).at("revision").as_int64(), 2);
  EXPECT_EQ(body_of(current).at("settings"), json::parse(settings));

  // The device applies it and says so: the command completes and settings are up to date.
  json::object applied = report();
  applied["settings_revision"] = 2;
  applied["command_results"] = {{{"id", apply}, {"ok", true}}};
  ASSERT_EQ(checkin(device.token, applied).status, 200);
  const json::object shown = show(device.device_id);
  EXPECT_EQ(shown.at("settings_revision").as_int64(), 2);
  EXPECT_FALSE(shown.at("settings_applied_at").is_null());
  EXPECT_EQ(newest_action(shown, "device.apply_settings").at("status").as_string(), "completed");
  EXPECT_FALSE(has_status(shown, "profile_missing"));
  EXPECT_FALSE(has_status(shown, "settings_incomplete"));

  // A machine that activates now gets the settings with its activation.
  const Activation fresh = activate(license.key, "machine-2", "PC-2");
  ASSERT_EQ(fresh.status, 201);
  EXPECT_EQ(fresh.body.at("settings_revision").as_int64(), 2);
  EXPECT_EQ(fresh.body.at("settings"), json::parse(settings));
}

INSTANTIATE_TEST_SUITE_P(Engines, AgentProtocol, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace keyward::test
