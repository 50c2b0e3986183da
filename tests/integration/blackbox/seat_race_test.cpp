// Seats under concurrency (SPEC.md §2 License): however many activations race, on either
// database and with several servers on one PostgreSQL database, a license never hands out
// more activations than it has, and one machine never becomes two devices.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

constexpr int kSeats = 50;
constexpr int kMachines = 240;
constexpr int kThreads = 24;

std::string activation_body(const std::string& key, const std::string& machine_id) {
  return activation_request(key, machine_id, "PC-" + machine_id);
}

std::string checkin_report(const std::string& hostname = "PC-RACE") {
  return json::serialize(json::object{
      {"client_version", "3.2.34"},
      {"hostname", hostname},
      {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}, {"build", "26100.2314"}}},
      {"infections", 0},
      {"protection", {{"realtime", true}, {"updates", true}}},
      {"settings_revision", 0}});
}

// What one activation answered: the status and the error code or the device and its token.
struct Answer {
  int status = 0;
  std::string error;
  std::int64_t device_id = 0;
  std::string token;
};

Answer answer_of(const http::Response& response) {
  Answer answer{response.status};
  const json::value body = json::parse(response.body);
  if (response.status == 200 || response.status == 201) {
    answer.device_id = body.at("device_id").as_int64();
    answer.token = std::string(body.at("device_token").as_string());
  } else if (body.is_object() && body.as_object().contains("error")) {
    answer.error = std::string(body.at("error").at("code").as_string());
  }
  return answer;
}

// Sends one activation per machine id from `threads` threads, each with its own keep-alive
// connection to one of `ports` (round robin), all starting at the same moment.
std::vector<Answer> activate_concurrently(const std::vector<std::uint16_t>& ports,
                                          const std::string& key,
                                          const std::vector<std::string>& machine_ids,
                                          int threads) {
  std::vector<Answer> answers(machine_ids.size());
  std::atomic<std::size_t> next = 0;
  std::latch start(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      http::Client client("127.0.0.1", ports[static_cast<std::size_t>(t) % ports.size()]);
      start.arrive_and_wait();
      for (std::size_t i = next++; i < machine_ids.size(); i = next++) {
        try {
          answers[i] =
              answer_of(client.post("/agent/v1/activate", activation_body(key, machine_ids[i])));
        } catch (const std::exception& error) {
          answers[i] = Answer{-1, error.what()};
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return answers;
}

std::map<std::string, int> tally(const std::vector<Answer>& answers) {
  std::map<std::string, int> counts;
  for (const Answer& answer : answers) {
    ++counts[std::to_string(answer.status) + (answer.error.empty() ? "" : " " + answer.error)];
  }
  return counts;
}

std::string describe(const std::map<std::string, int>& counts) {
  std::string text;
  for (const auto& [what, count] : counts) text += what + ": " + std::to_string(count) + "; ";
  return text;
}

// Every device checks in once (under its own host name, or all under "PC-CLONE") from
// kThreads threads spread over `ports`; returns what was not answered 200.
std::vector<std::string> check_in_concurrently(
    const std::vector<std::uint16_t>& ports,
    const std::vector<std::pair<std::string, std::string>>& devices, bool cloned) {
  std::atomic<std::size_t> next = 0;
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      http::Client client("127.0.0.1", ports[static_cast<std::size_t>(t) % ports.size()]);
      for (std::size_t i = next++; i < devices.size(); i = next++) {
        const auto& [token, hostname] = devices[i];
        std::string failure;
        try {
          const http::Response response =
              client.post("/agent/v1/checkin", checkin_report(cloned ? "PC-CLONE" : hostname),
                          {{"authorization", "Bearer " + token}});
          if (response.status == 200) continue;
          failure = std::to_string(response.status) + " " + response.body;
        } catch (const std::exception& error) {
          failure = error.what();
        }
        std::lock_guard lock(failures_mutex);
        failures.push_back(std::move(failure));
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return failures;
}

void expect_still_serving(KeywardServer& server) {
  EXPECT_TRUE(server.process().running())
      << "the server died:\n"
      << server.process().stdout_text() << server.process().stderr_text();
}

class SeatRace : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(GetParam(), dir_);
    db_ = database_->url();
    database_->create_reseller_and_customer();
  }

  // {id, key} of a new purchase license.
  std::pair<std::int64_t, std::string> issue(int seats) {
    const json::object license = database_->issue_license(seats);
    return {license.at("id").as_int64(), std::string(license.at("key").as_string())};
  }

  std::int64_t sql_int(const std::string& statement) { return database_->sql_int(statement); }

  void expect_exactly_the_seats_taken(const std::vector<std::uint16_t>& ports) {
    const auto [license_id, key] = issue(kSeats);
    std::vector<std::string> machines;
    for (int i = 0; i < kMachines; ++i) machines.push_back("race-machine-" + std::to_string(i));
    const std::vector<Answer> answers = activate_concurrently(ports, key, machines, kThreads);

    const auto counts = tally(answers);
    EXPECT_EQ(counts.count("201") ? counts.at("201") : 0, kSeats) << describe(counts);
    EXPECT_EQ(counts.count("409 no_free_activations") ? counts.at("409 no_free_activations") : 0,
              kMachines - kSeats)
        << describe(counts);
    std::set<std::int64_t> device_ids;
    for (const Answer& answer : answers) {
      if (answer.status == 201) device_ids.insert(answer.device_id);
    }
    EXPECT_EQ(device_ids.size(), static_cast<std::size_t>(kSeats));

    // The winners check in at once: first under their own names, then all renamed to one
    // name (a cloned disk image, so every device becomes a "review" peer of the others).
    std::vector<std::pair<std::string, std::string>> winners;  // token, host name
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (answers[i].status == 201) winners.emplace_back(answers[i].token, "PC-" + machines[i]);
    }
    for (const bool cloned : {false, true}) {
      SCOPED_TRACE(cloned ? "renamed to one host name" : "own host names");
      for (const std::string& failure : check_in_concurrently(ports, winners, cloned)) {
        ADD_FAILURE() << "check-in: " << failure;
      }
    }

    const std::string license = std::to_string(license_id);
    EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + license), kSeats);
    EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices WHERE license_id = " + license), kSeats);
    EXPECT_EQ(sql_int("SELECT COUNT(*) FROM action_log WHERE action = 'device.activated' AND "
                      "license_id = " +
                      license),
              kSeats);
  }

  // 20 threads activate one machine at once on a license with `seats` seats.
  void expect_one_device_for_one_machine(std::uint16_t port, int seats) {
    const auto [license_id, key] = issue(seats);
    const std::vector<std::string> machines(20, "{0A1B2C3D-SAME-MACHINE}");
    const std::vector<Answer> answers = activate_concurrently({port}, key, machines, 20);

    const auto counts = tally(answers);
    EXPECT_EQ(counts.count("201") ? counts.at("201") : 0, 1) << describe(counts);
    EXPECT_EQ(counts.count("200") ? counts.at("200") : 0, 19) << describe(counts);
    std::set<std::int64_t> device_ids;
    std::set<std::string> tokens;
    std::size_t activated = 0;
    for (const Answer& answer : answers) {
      if (answer.device_id == 0) continue;
      ++activated;
      device_ids.insert(answer.device_id);
      tokens.insert(answer.token);
    }
    EXPECT_EQ(device_ids.size(), 1u);
    EXPECT_EQ(tokens.size(), activated) << "every activation issues its own token";

    const std::string license = std::to_string(license_id);
    EXPECT_EQ(sql_int("SELECT seats_used FROM licenses WHERE id = " + license), 1);
    EXPECT_EQ(sql_int("SELECT COUNT(*) FROM devices WHERE license_id = " + license), 1);

    // Each activation replaced the token before it: exactly the last one still works.
    http::Client client("127.0.0.1", port);
    const std::string report = checkin_report();
    int working = 0;
    for (const std::string& token : tokens) {
      int status = -1;
      try {
        status =
            client.post("/agent/v1/checkin", report, {{"authorization", "Bearer " + token}}).status;
      } catch (const std::exception& error) {
        ADD_FAILURE() << "check-in failed: " << error.what();
        return;
      }
      EXPECT_TRUE(status == 200 || status == 401) << status;
      working += status == 200 ? 1 : 0;
    }
    EXPECT_EQ(working, 1);
  }

  TempDir dir_;
  std::unique_ptr<TestDatabase> database_;
  std::string db_;
};

TEST_P(SeatRace, ConcurrentActivationsTakeExactlyTheLicensesSeats) {
  KeywardServer server(db_, {"--access-log", "false"});
  expect_exactly_the_seats_taken({server.port()});
  expect_still_serving(server);
}

TEST_P(SeatRace, OneMachineActivatingFromManyThreadsBecomesOneDeviceWithOneSeat) {
  KeywardServer server(db_, {"--access-log", "false"});
  expect_one_device_for_one_machine(server.port(), kSeats);
  expect_still_serving(server);
}

TEST_P(SeatRace, OneMachineRacingForTheLastFreeSeatIsNeverRefused) {
  KeywardServer server(db_, {"--access-log", "false"});
  // A few rounds, each on a fresh 1-seat license: the interleaving that loses varies.
  for (int round = 0; round < 3 && !HasFailure(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    expect_one_device_for_one_machine(server.port(), 1);
  }
  expect_still_serving(server);
}

INSTANTIATE_TEST_SUITE_P(Engines, SeatRace, ::testing::Values("sqlite", "postgres"));

class SeatRaceTwoServers : public SeatRace {};

TEST_P(SeatRaceTwoServers, TwoServersOnOneDatabaseTakeExactlyTheLicensesSeats) {
  KeywardServer first(db_, {"--access-log", "false"});
  KeywardServer second(db_, {"--access-log", "false"});
  expect_exactly_the_seats_taken({first.port(), second.port()});
  expect_still_serving(first);
  expect_still_serving(second);
}

INSTANTIATE_TEST_SUITE_P(Postgres, SeatRaceTwoServers, ::testing::Values("postgres"));

}  // namespace
}  // namespace keyward::test
