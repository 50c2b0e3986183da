// `keyward backup` and `keyward restore` on both engines: a backup taken while devices check
// in restores into a database a server runs on, a backup of a quiet database restores every
// row, and every refusal is one line, exit code 1, and leaves the target as it was.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <algorithm>
#include <fstream>
#include <thread>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

// What a restore must bring back: counts of the main tables and the content that changes
// with every check-in (portable SQL for sqlite3 and psql).
std::string fingerprint(const TestDatabase& database) {
  std::string print;
  for (const char* table : {"companies", "users", "licenses", "device_groups", "devices",
                            "action_log", "schema_migrations"}) {
    print += std::string(table) + "=" + database.sql(std::string("SELECT COUNT(*) FROM ") + table) +
             "\n";
  }
  print += database.sql("SELECT COALESCE(SUM(seats_used), 0) FROM licenses") + "\n";
  print += database.sql(
      "SELECT COALESCE(SUM(id * 7 + LENGTH(hostname) + LENGTH(client_version) + last_contact_at % 1000), "
      "0) FROM devices");
  return print;
}

class Backup : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { source_.create_reseller_and_customer(); }

  std::string license_key() const {
    return std::string(source_.issue_license(50).at("key").as_string());
  }

  // A fleet of `devices` that activates and checks in `rounds` times against `server`.
  void run_fleet(const KeywardServer& server, const std::string& key, int devices, int rounds) {
    const RunResult fleet = run_agent(
        {"--server", "http://127.0.0.1:" + std::to_string(server.port()), "--license-key", key,
         "--devices", std::to_string(devices), "--rounds", std::to_string(rounds), "--interval",
         "0", "--threads", "2", "--seed", "11", "--json"});
    ASSERT_EQ(fleet.exit_code, 0) << fleet.err << fleet.out;
  }

  RunResult keyward(const std::vector<std::string>& args) { return run_keyward(args); }

  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  TempDir dir_;
  TempDir target_dir_;
  TestDatabase source_{GetParam(), dir_};
  TestDatabase target_{GetParam(), target_dir_};
};

TEST_P(Backup, BackupOfAQuietDatabaseRestoresEveryRow) {
  const std::string key = license_key();
  {
    KeywardServer server(source_.url(), {"--access-log", "false"});
    run_fleet(server, key, 30, 3);
    ASSERT_EQ(server.stop(), 0);
  }
  const boost::json::object written =
      run_keyward_json({"backup", "--db", source_.url(), file("keyward.backup"), "--json"});
  EXPECT_GT(written.at("bytes").as_int64(), 0);
  EXPECT_GT(written.at("schema_version").as_int64(), 0);

  const boost::json::object restored =
      run_keyward_json({"restore", "--db", target_.url(), file("keyward.backup"), "--json"});
  EXPECT_EQ(restored.at("schema_version"), written.at("schema_version"));
  EXPECT_EQ(fingerprint(target_), fingerprint(source_));
  EXPECT_EQ(target_.sql_int("SELECT COUNT(*) FROM devices"), 30);
}

TEST_P(Backup, BackupTakenWhileDevicesCheckInRestoresIntoAWorkingServer) {
  const std::string key = license_key();
  KeywardServer server(source_.url(), {"--access-log", "false"});
  run_fleet(server, key, 20, 1);
  ProcessOptions storm;
  storm.argv = {KEYWARD_AGENT_BINARY, "--server",
                "http://127.0.0.1:" + std::to_string(server.port()), "--license-key", key,
                "--devices", "20", "--duration", "8", "--interval", "0", "--threads", "2",
                "--seed", "11"};
  Process checkins(std::move(storm));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const RunResult backup = keyward({"backup", "--db", source_.url(), file("live.backup")});
  EXPECT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_TRUE(checkins.running()) << "the backup must be taken while check-ins go on";
  EXPECT_EQ(checkins.wait(std::chrono::seconds(60)), 0) << checkins.stderr_text();
  ASSERT_EQ(server.stop(), 0);

  const RunResult restore = keyward({"restore", "--db", target_.url(), file("live.backup")});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_EQ(target_.sql_int("SELECT COUNT(*) FROM devices"), 20);
  EXPECT_EQ(target_.sql_int("SELECT seats_used FROM licenses"), 20);
  // The restored database serves: the same machines come back without new seats.
  KeywardServer restored(target_.url(), {"--access-log", "false"});
  run_fleet(restored, key, 20, 1);
  EXPECT_EQ(target_.sql_int("SELECT COUNT(*) FROM devices"), 20);
  EXPECT_EQ(target_.sql_int("SELECT seats_used FROM licenses"), 20);
}

TEST_P(Backup, RefusalsAreOneLineAndChangeNothing) {
  license_key();
  ASSERT_EQ(keyward({"backup", "--db", source_.url(), file("a.backup")}).exit_code, 0);

  auto expect_refused = [&](const std::vector<std::string>& args, const std::string& why) {
    const RunResult result = keyward(args);
    EXPECT_EQ(result.exit_code, 1) << why << ": " << result.out;
    EXPECT_NE(result.err.find(why), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  };
  expect_refused({"backup", "--db", source_.url(), file("a.backup")}, "exists already");
  expect_refused({"restore", "--db", target_.url(), file("missing.backup")}, "is no file");
  std::ofstream(file("junk.backup")) << "not a database, certainly no backup\n";
  expect_refused({"restore", "--db", target_.url(), file("junk.backup")}, "no Keyward");

  // A database with data is overwritten only with --replace.
  target_.create_reseller_and_customer();
  target_.issue_license(5);
  target_.issue_license(6);
  const std::string before = fingerprint(target_);
  expect_refused({"restore", "--db", target_.url(), file("a.backup")}, "--replace");
  EXPECT_EQ(fingerprint(target_), before);
  const RunResult replaced =
      keyward({"restore", "--db", target_.url(), file("a.backup"), "--replace"});
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(fingerprint(target_), fingerprint(source_));
}

TEST_P(Backup, ABackupOfANewerKeywardIsNotRestored) {
  license_key();
  ASSERT_EQ(keyward({"backup", "--db", source_.url(), file("current.backup")}).exit_code, 0);
  source_.sql(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999999, 'future', 0)");
  ASSERT_EQ(keyward({"backup", "--db", source_.url(), file("future.backup")}).exit_code, 0);
  const RunResult result = keyward({"restore", "--db", target_.url(), file("future.backup")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("newer keyward"), std::string::npos) << result.err;
  // Nothing was written: the target still counts as empty, so no --replace is needed.
  const RunResult current = keyward({"restore", "--db", target_.url(), file("current.backup")});
  EXPECT_EQ(current.exit_code, 0) << current.err;
}

INSTANTIATE_TEST_SUITE_P(Engines, Backup, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace keyward::test
