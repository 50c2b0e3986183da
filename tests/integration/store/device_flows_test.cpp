// The device use cases (app/) on both engines, with the real functions: activation and its
// seat and churn rules, check-ins, portal commands and their action-log walk, the check-in
// batcher and the operator policy.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/actor.hpp"
#include "app/checkin_batcher.hpp"
#include "app/device_activation.hpp"
#include "app/device_checkin.hpp"
#include "app/device_commands.hpp"
#include "app/device_evaluation.hpp"
#include "app/device_queries.hpp"
#include "app/licenses.hpp"
#include "app/policy.hpp"
#include "app/secrets.hpp"
#include "core/device_report.hpp"
#include "core/device_status.hpp"
#include "core/error.hpp"
#include "store/action_log_store.hpp"
#include "store/device_command_store.hpp"
#include "store/device_store.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"
#include "store/settings_store.hpp"
#include "store/token_hash.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

using core::ActionStatus;
using core::FilterKey;
using core::TenantScope;

constexpr core::UnixTime kHour = 3600;
constexpr core::UnixTime kDay = 86400;

// The error `action` throws, or a test failure (and an "internal" error with code "none").
core::Error error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::Error& error) {
    return error;
  } catch (const std::exception& error) {
    ADD_FAILURE() << "not a core::Error: " << error.what();
    return core::Error(core::ErrorKind::internal, "other", error.what());
  }
  ADD_FAILURE() << "no error thrown";
  return core::Error(core::ErrorKind::internal, "none", "no error");
}

bool has_flag(std::int64_t flags, FilterKey key) {
  return (static_cast<core::StatusFlags>(flags) & core::flag_of(key)) != 0;
}

boost::json::object report_json(const std::string& hostname = "PC-1") {
  return boost::json::object{
      {"client_version", "3.2.34"},
      {"hostname", hostname},
      {"os", {{"name", "Windows 11 Pro"}, {"version", "25H2"}, {"build", "26200.1000"}}},
      {"infections", 0},
      {"protection", {{"realtime", true}, {"updates", true}}},
      {"settings_revision", 0},
  };
}

core::ActivationRequest activation(const std::string& key, const std::string& machine_id,
                                   const std::string& hostname = "PC-1") {
  auto body = report_json(hostname);
  body["license_key"] = key;
  body["machine_id"] = machine_id;
  return core::parse_activation_request(body);
}

class DeviceFlowsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    app::init_secrets();
    auto connection = database_->acquire();
    operator_ = app::command_line_actor(*connection);
  }

  TenantScope operator_scope() const { return TenantScope::of(tenants_.operator_company); }

  app::Actor admin_of(const core::Company& reseller, core::Role role = core::Role::admin) const {
    return app::Actor{std::nullopt, "User of " + reseller.name, role,
                      TenantScope::reseller(reseller.id)};
  }

  core::License issue(std::int64_t seats, const std::string& type = "purchase") {
    return app::issue_license(*database_, operator_,
                              {.customer_reference = std::to_string(tenants_.customer_a1.id),
                               .seats = seats,
                               .years = 1,
                               .type = type})
        .license;
  }

  app::ActivationResult activate(const core::License& license, const std::string& machine_id,
                                 core::UnixTime at = app::now(),
                                 const std::string& hostname = "PC-1") {
    return app::activate_device(*database_, policies_,
                                activation(license.key, machine_id, hostname), "198.51.100.7", at);
  }

  core::Error activation_error(const core::License& license, const std::string& machine_id,
                               core::UnixTime at = app::now()) {
    return error_of([&] { activate(license, machine_id, at); });
  }

  app::CheckinReply checkin(const std::string& token, const boost::json::object& body,
                            core::UnixTime at) {
    auto connection = database_->acquire();
    const app::Policy policy = app::load_policy(*connection);
    Transaction transaction(*connection);
    auto reply = app::process_checkin(
        *connection, policy, {hash_token(token), core::parse_checkin_report(body), "203.0.113.9"},
        at);
    transaction.commit();
    return reply;
  }

  core::DeviceCommand command(const app::Actor& actor, core::Id device_id, const std::string& type,
                              const std::string& scan_type = "quick") {
    return app::queue_device_command(
        *database_, policies_, actor,
        {.device_id = device_id, .type = type, .scan_type = scan_type});
  }

  core::Error command_error(const app::Actor& actor, core::Id device_id, const std::string& type,
                            const std::string& scan_type = "quick") {
    return error_of([&] { command(actor, device_id, type, scan_type); });
  }

  core::Device device(core::Id id) {
    auto connection = database_->acquire();
    auto found = DeviceStore(*connection).find(operator_scope(), id);
    EXPECT_TRUE(found) << "device " << id;
    return found.value_or(core::Device{});
  }

  std::int64_t seats_used(const core::License& license) {
    auto connection = database_->acquire();
    return LicenseStore(*connection).find(operator_scope(), license.id)->seats_used;
  }

  std::int64_t device_count(const core::License& license) {
    auto connection = database_->acquire();
    return static_cast<std::int64_t>(
        DeviceStore(*connection).list_by_license(operator_scope(), license.id).size());
  }

  std::int64_t log_count(const core::License& license, const std::string& action) {
    auto connection = database_->acquire();
    return ActionLogStore(*connection).count_since(license.id, action, 0);
  }

  core::ActionLogEntry log_entry(core::Id device_id, core::Id entry_id) {
    auto connection = database_->acquire();
    for (const auto& entry : ActionLogStore(*connection).list_by_device(device_id)) {
      if (entry.id == entry_id) return entry;
    }
    ADD_FAILURE() << "no action-log entry " << entry_id;
    return {};
  }

  core::DeviceCommand stored_command(core::Id device_id, core::Id command_id) {
    auto connection = database_->acquire();
    for (const auto& command : DeviceCommandStore(*connection).list_by_device(device_id)) {
      if (command.id == command_id) return command;
    }
    ADD_FAILURE() << "no command " << command_id;
    return {};
  }

  // Gives the license's main group a profile (revision 1) and returns its id.
  core::Id assign_profile(const core::License& license, const std::string& settings = "{}") {
    auto connection = database_->acquire();
    const auto profile = ProfileStore(*connection)
                             .create(license.customer_id, "Office", settings, std::nullopt, 100);
    GroupStore(*connection).set_profile(*license.main_group_id, profile.id);
    return profile.id;
  }

  void set_policy(const std::string& key, const std::string& value) {
    auto connection = database_->acquire();
    app::set_policy_value(*connection, key, value);
    policies_.invalidate();
  }

  // Replaced in SetUp by the command-line actor of this database's operator.
  app::Actor operator_{std::nullopt, "", core::Role::viewer, TenantScope::operator_scope(0)};
  app::PolicyCache policies_;
};

// --- activation -----------------------------------------------------------------------------

TEST_P(DeviceFlowsTest, NewMachineIsCreatedWithASeatAndTheSameMachineReusesIt) {
  const auto license = issue(3);
  const auto first = activate(license, "{Machine-A}");
  EXPECT_TRUE(first.created);
  EXPECT_GT(first.device.id, 0);
  EXPECT_EQ(first.device.machine_id, "{machine-a}");
  EXPECT_EQ(first.device.ip, "198.51.100.7");  // no ip reported: the peer address
  EXPECT_EQ(first.token.rfind("kwd_", 0), 0u);
  EXPECT_EQ(first.settings, std::nullopt);
  EXPECT_EQ(seats_used(license), 1);
  EXPECT_EQ(log_count(license, "device.activated"), 1);
  EXPECT_TRUE(has_flag(device(first.device.id).status_flags, FilterKey::profile_missing));

  // A reinstall reports the machine id in another case: the same device, no new seat, and only
  // the new token works.
  const auto again = activate(license, "{MACHINE-A}");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.device.id, first.device.id);
  EXPECT_NE(again.token, first.token);
  EXPECT_EQ(seats_used(license), 1);
  EXPECT_EQ(device_count(license), 1);
  EXPECT_EQ(log_count(license, "device.activated"), 1);
  EXPECT_EQ(log_count(license, "device.reactivated"), 1);
  EXPECT_EQ(error_of([&] { checkin(first.token, report_json(), app::now()); }).code(),
            "invalid_token");
  EXPECT_NO_THROW(checkin(again.token, report_json(), app::now()));
}

TEST_P(DeviceFlowsTest, ActivationReturnsTheGroupSettings) {
  const auto license = issue(3);
  assign_profile(license, R"({"autoscan":"daily"})");
  const auto result = activate(license, "m-1");
  ASSERT_TRUE(result.settings);
  EXPECT_EQ(result.settings->revision, 1);
  EXPECT_EQ(result.settings->settings, R"({"autoscan":"daily"})");
}

TEST_P(DeviceFlowsTest, UnknownOrMalformedKeyIsAnUnknownLicense) {
  const auto license = issue(3);
  core::License unknown = license;
  unknown.key = "00000000-0000-0000-0000-000000000000";
  auto error = activation_error(unknown, "m-1");
  EXPECT_EQ(error.code(), "unknown_license");
  EXPECT_EQ(error.kind(), core::ErrorKind::not_found);
  for (const char* malformed : {"not-a-key", "0000", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"}) {
    unknown.key = malformed;
    error = activation_error(unknown, "m-1");
    EXPECT_EQ(error.code(), "unknown_license") << malformed;
    EXPECT_EQ(error.kind(), core::ErrorKind::not_found) << malformed;
  }
  EXPECT_EQ(seats_used(license), 0);

  // The key as a person might type it: upper case, without dashes.
  core::License typed = license;
  typed.key.erase(std::remove(typed.key.begin(), typed.key.end(), '-'), typed.key.end());
  std::transform(typed.key.begin(), typed.key.end(), typed.key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_TRUE(activate(typed, "m-1").created);
}

TEST_P(DeviceFlowsTest, ExpiredLicenseRefusesActivation) {
  const auto license = issue(3);
  const auto error = activation_error(license, "m-1", license.expires_at + 1);
  EXPECT_EQ(error.code(), "license_expired");
  EXPECT_EQ(error.kind(), core::ErrorKind::forbidden);
  EXPECT_EQ(seats_used(license), 0);
  EXPECT_EQ(device_count(license), 0);
  EXPECT_TRUE(activate(license, "m-1", license.expires_at).created);  // the last day still counts
}

TEST_P(DeviceFlowsTest, FullLicenseRefusesNewMachinesButNotKnownOnes) {
  const auto license = issue(3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(activate(license, "m-" + std::to_string(i)).created);
  const auto error = activation_error(license, "m-new");
  EXPECT_EQ(error.code(), "no_free_activations");
  EXPECT_EQ(error.kind(), core::ErrorKind::conflict);
  EXPECT_EQ(seats_used(license), 3);
  EXPECT_EQ(device_count(license), 3);
  EXPECT_FALSE(activate(license, "m-1").created);
  EXPECT_EQ(seats_used(license), 3);
}

TEST_P(DeviceFlowsTest, MspLicenseHasNoSeatLimit) {
  const auto license = issue(0, "msp");
  EXPECT_EQ(license.seats_total, std::nullopt);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(activate(license, "m-" + std::to_string(i)).created);
  EXPECT_EQ(seats_used(license), 30);
  EXPECT_EQ(device_count(license), 30);
}

TEST_P(DeviceFlowsTest, ChurnLimitRefusesNewActivationsAndLogsTheRefusalOnce) {
  set_policy("activation_limit_factor", "1");
  const auto license = issue(3);
  const core::UnixTime start = app::now();
  for (int i = 0; i < 3; ++i) {
    const auto result = activate(license, "m-" + std::to_string(i), start);
    ASSERT_TRUE(result.created);
    command(operator_, result.device.id, "deactivate");
  }
  ASSERT_EQ(seats_used(license), 0);  // every seat is free again

  for (int attempt = 0; attempt < 4; ++attempt) {
    const auto error = activation_error(license, "m-new", start + attempt * 60);
    EXPECT_EQ(error.code(), "activation_rate_limited");
    EXPECT_EQ(error.kind(), core::ErrorKind::rate_limited);
  }
  EXPECT_EQ(log_count(license, "device.activation_rate_limited"), 1);
  EXPECT_EQ(seats_used(license), 0);
  EXPECT_EQ(device_count(license), 3);
  // Known machines are not new activations.
  EXPECT_FALSE(activate(license, "m-0", start + 300).created);

  // An hour later a refusal is logged again; a day later the window has moved on.
  EXPECT_EQ(activation_error(license, "m-new", start + kHour + 600).code(),
            "activation_rate_limited");
  EXPECT_EQ(log_count(license, "device.activation_rate_limited"), 2);
  EXPECT_TRUE(activate(license, "m-new", start + kDay + 1).created);
}

TEST_P(DeviceFlowsTest, MspChurnLimitIsTheConfiguredCount) {
  set_policy("msp_activation_limit", "2");
  const auto license = issue(0, "msp");
  const core::UnixTime start = app::now();
  EXPECT_TRUE(activate(license, "m-1", start).created);
  EXPECT_TRUE(activate(license, "m-2", start).created);
  EXPECT_EQ(activation_error(license, "m-3", start).code(), "activation_rate_limited");
  EXPECT_EQ(log_count(license, "device.activation_rate_limited"), 1);
  EXPECT_EQ(device_count(license), 2);
}

TEST_P(DeviceFlowsTest, ConcurrentActivationsOfDistinctMachinesTakeExactlyTheSeats) {
  constexpr int kSeats = 50;
  constexpr int kThreads = 200;
  const auto license = issue(kSeats);
  const core::UnixTime at = app::now();
  std::atomic<int> created = 0;
  std::atomic<int> full = 0;
  std::mutex mutex;
  std::vector<std::string> other_errors;
  std::atomic<bool> go = false;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go) std::this_thread::yield();
      try {
        if (activate(license, "machine-" + std::to_string(t), at).created) ++created;
      } catch (const core::Error& error) {
        if (error.code() == "no_free_activations") {
          ++full;
        } else {
          std::lock_guard lock(mutex);
          other_errors.push_back(error.code() + ": " + error.what());
        }
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_TRUE(other_errors.empty()) << other_errors.size() << " e.g. " << other_errors.front();
  EXPECT_EQ(created, kSeats);
  EXPECT_EQ(full, kThreads - kSeats);
  EXPECT_EQ(seats_used(license), kSeats);
  EXPECT_EQ(device_count(license), kSeats);
  EXPECT_EQ(log_count(license, "device.activated"), kSeats);
}

TEST_P(DeviceFlowsTest, SameMachineActivatingFromManyThreadsGetsOneDeviceAndOneSeat) {
  constexpr int kThreads = 8;
  const auto license = issue(5);
  const core::UnixTime at = app::now();
  std::atomic<int> created = 0;
  std::atomic<int> reused = 0;
  std::mutex mutex;
  std::vector<std::string> errors;
  std::vector<std::string> tokens;
  std::set<core::Id> device_ids;
  std::atomic<bool> go = false;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      try {
        const auto result = activate(license, "same-machine", at);
        ++(result.created ? created : reused);
        std::lock_guard lock(mutex);
        tokens.push_back(result.token);
        device_ids.insert(result.device.id);
      } catch (const std::exception& error) {
        std::lock_guard lock(mutex);
        errors.push_back(error.what());
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_TRUE(errors.empty()) << errors.size() << " e.g. " << errors.front();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(reused, kThreads - 1);
  EXPECT_EQ(device_ids.size(), 1u);
  EXPECT_EQ(seats_used(license), 1);
  EXPECT_EQ(device_count(license), 1);
  // Every activation handed out a fresh token; the last one written is the one that works.
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  int valid = 0;
  for (const auto& token : tokens) valid += devices.find_for_checkin(hash_token(token)) ? 1 : 0;
  EXPECT_EQ(valid, 1);
}

// --- check-in -------------------------------------------------------------------------------

TEST_P(DeviceFlowsTest, CheckinStoresTheReportAndAnswersWithTheInterval) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  const core::UnixTime at = app::now() + 60;
  auto body = report_json("PC-Renamed");
  body["client_version"] = "3.2.35";
  body["domain"] = "corp.example";
  body["ip"] = "10.9.8.7";
  body["infections"] = 0;
  body["protection"] = {{"realtime", true}, {"updates", true}};
  const auto reply = checkin(activated.token, body, at);
  EXPECT_TRUE(reply.commands.empty());
  EXPECT_EQ(reply.settings_revision, 0);
  EXPECT_EQ(reply.checkin_interval_s, 300);
  const auto stored = device(activated.device.id);
  EXPECT_EQ(stored.hostname, "PC-Renamed");
  EXPECT_EQ(stored.client_version, "3.2.35");
  EXPECT_EQ(stored.domain, "corp.example");
  EXPECT_EQ(stored.ip, "10.9.8.7");
  EXPECT_EQ(stored.os_name, "Windows 11 Pro");
  EXPECT_EQ(stored.os_build, "26200.1000");
  EXPECT_EQ(stored.last_contact_at, at);
  EXPECT_EQ(stored.first_contact_at, activated.device.first_contact_at);
  EXPECT_EQ(stored.settings_applied_at, std::nullopt);

  body.erase("ip");
  checkin(activated.token, body, at + 1);
  EXPECT_EQ(device(activated.device.id).ip, "203.0.113.9");  // the peer address

  set_policy("checkin_interval_s", "600");
  EXPECT_EQ(checkin(activated.token, body, at + 2).checkin_interval_s, 600);
}

TEST_P(DeviceFlowsTest, SettingsAppliedAtIsSetOnlyWhenTheReportedRevisionChanges) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  const core::Id profile = assign_profile(license);
  const core::UnixTime t = app::now();
  auto body = report_json();
  body["settings_revision"] = 1;
  auto reply = checkin(activated.token, body, t + 10);
  EXPECT_EQ(reply.settings_revision, 1);
  auto stored = device(activated.device.id);
  EXPECT_EQ(stored.settings_revision, 1);
  EXPECT_EQ(stored.settings_applied_at, t + 10);
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::settings_incomplete));
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::profile_missing));

  checkin(activated.token, body, t + 20);
  EXPECT_EQ(device(activated.device.id).settings_applied_at, t + 10);

  {
    auto connection = database_->acquire();
    ProfileStore(*connection).add_revision(profile, R"({"x":1})", std::nullopt, t);
  }
  reply = checkin(activated.token, body, t + 30);
  EXPECT_EQ(reply.settings_revision, 2);
  stored = device(activated.device.id);
  EXPECT_EQ(stored.settings_applied_at, t + 10);
  EXPECT_TRUE(has_flag(stored.status_flags, FilterKey::settings_incomplete));

  body["settings_revision"] = 2;
  checkin(activated.token, body, t + 40);
  stored = device(activated.device.id);
  EXPECT_EQ(stored.settings_revision, 2);
  EXPECT_EQ(stored.settings_applied_at, t + 40);
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::settings_incomplete));
}

TEST_P(DeviceFlowsTest, CheckinUpdatesTheStatusFlags) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  const core::UnixTime t = app::now();
  auto stored = device(activated.device.id);
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::threatened));
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::eol));
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::insecure));
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::obsolete));

  auto body = report_json();
  body["infections"] = 3;
  checkin(activated.token, body, t + 1);
  stored = device(activated.device.id);
  EXPECT_EQ(stored.infections, 3);
  EXPECT_TRUE(has_flag(stored.status_flags, FilterKey::threatened));

  body["infections"] = 0;
  body["os"] = {{"name", "Windows 7 Professional"}, {"version", ""}, {"build", "7601"}};
  body["protection"] = {{"realtime", false}, {"updates", true}};
  body["client_version"] = "3.1.0";
  checkin(activated.token, body, t + 2);
  stored = device(activated.device.id);
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::threatened));
  EXPECT_TRUE(has_flag(stored.status_flags, FilterKey::eol));
  EXPECT_TRUE(has_flag(stored.status_flags, FilterKey::insecure));
  EXPECT_TRUE(has_flag(stored.status_flags, FilterKey::obsolete));
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::unknown));  // never stored
}

TEST_P(DeviceFlowsTest, HostnameSharedInTheLicenseMarksBothDevicesForReview) {
  const auto license = issue(3);
  const auto first = activate(license, "m-1", app::now(), "PC-Lager");
  const auto second = activate(license, "m-2", app::now(), "pc-lager");
  EXPECT_TRUE(has_flag(device(second.device.id).status_flags, FilterKey::review));
  checkin(first.token, report_json("PC-LAGER"), app::now() + 1);
  EXPECT_TRUE(has_flag(device(first.device.id).status_flags, FilterKey::review));
  checkin(first.token, report_json("PC-Buero"), app::now() + 2);
  EXPECT_FALSE(has_flag(device(first.device.id).status_flags, FilterKey::review));
}

// The review status concerns every device with the shared name, and the list filter reads the
// stored flags: the device that had the name first must not wait for its own next check-in
// (or the daily refresh, if it is offline) to be found by the `review` filter.
TEST_P(DeviceFlowsTest, NewDeviceWithASharedHostnameMarksTheOtherDeviceForReviewAtOnce) {
  const auto license = issue(3);
  const auto first = activate(license, "m-1", app::now(), "PC-Lager");
  EXPECT_FALSE(has_flag(device(first.device.id).status_flags, FilterKey::review));
  activate(license, "m-2", app::now(), "PC-LAGER");
  EXPECT_TRUE(has_flag(device(first.device.id).status_flags, FilterKey::review));
}

// A device that leaves a name shared by three keeps the other two under review; when the
// second leaves, the one left alone with the name is cleared at once, without a check-in.
TEST_P(DeviceFlowsTest, LeavingASharedHostnameClearsOnlyThePeerLeftAlone) {
  const auto license = issue(5);
  const auto first = activate(license, "m-1", app::now(), "PC-Lager");
  const auto second = activate(license, "m-2", app::now(), "PC-LAGER");
  const auto third = activate(license, "m-3", app::now(), "pc-lager");
  checkin(third.token, report_json("PC-Buero"), app::now() + 1);
  EXPECT_TRUE(has_flag(device(first.device.id).status_flags, FilterKey::review));
  EXPECT_TRUE(has_flag(device(second.device.id).status_flags, FilterKey::review));
  EXPECT_FALSE(has_flag(device(third.device.id).status_flags, FilterKey::review));
  checkin(second.token, report_json("PC-Kasse"), app::now() + 2);
  EXPECT_FALSE(has_flag(device(first.device.id).status_flags, FilterKey::review));
  EXPECT_FALSE(has_flag(device(second.device.id).status_flags, FilterKey::review));
  // Back to the name of the first: both are under review again.
  checkin(second.token, report_json("PC-Lager"), app::now() + 3);
  EXPECT_TRUE(has_flag(device(first.device.id).status_flags, FilterKey::review));
  EXPECT_TRUE(has_flag(device(second.device.id).status_flags, FilterKey::review));
}

TEST_P(DeviceFlowsTest, UnknownTokenIsInvalidAndADeletedDeviceIsToldSo) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  auto error = error_of([&] { checkin("kwd_never-issued", report_json(), app::now()); });
  EXPECT_EQ(error.code(), "invalid_token");
  EXPECT_EQ(error.kind(), core::ErrorKind::unauthorized);

  EXPECT_EQ(error_of([&] {
              app::delete_device(*database_, policies_, operator_, activated.device.id);
            }).code(),
            "device_active");
  command(operator_, activated.device.id, "deactivate");
  // Deactivated devices keep checking in.
  EXPECT_NO_THROW(checkin(activated.token, report_json(), app::now()));
  app::delete_device(*database_, policies_, operator_, activated.device.id);
  error = error_of([&] { checkin(activated.token, report_json(), app::now()); });
  EXPECT_EQ(error.code(), "device_deleted");
  EXPECT_EQ(error.kind(), core::ErrorKind::gone);
  EXPECT_EQ(log_count(license, "device.deleted"), 1);
  EXPECT_EQ(
      error_of([&] { app::settings_for_device(*database_, hash_token(activated.token)); }).code(),
      "device_deleted");
}

TEST_P(DeviceFlowsTest, ViewersAndOtherTenantsCanNotDeleteDevices) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  command(operator_, activated.device.id, "deactivate");
  EXPECT_EQ(error_of([&] {
              app::delete_device(*database_, policies_,
                                 admin_of(tenants_.reseller_a, core::Role::viewer),
                                 activated.device.id);
            }).kind(),
            core::ErrorKind::forbidden);
  EXPECT_EQ(error_of([&] {
              app::delete_device(*database_, policies_, admin_of(tenants_.reseller_b),
                                 activated.device.id);
            }).kind(),
            core::ErrorKind::not_found);
  EXPECT_EQ(device(activated.device.id).id, activated.device.id);
  EXPECT_EQ(log_count(license, "device.deleted"), 0);
  app::delete_device(*database_, policies_, admin_of(tenants_.reseller_a), activated.device.id);
  EXPECT_EQ(log_count(license, "device.deleted"), 1);
}

// SPEC §2: an expired license is read-only, "no device actions"; commands are refused with
// license_expired, and deleting a device is a device action too.
TEST_P(DeviceFlowsTest, ExpiredLicenseRefusesDeletingItsDevices) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  command(operator_, activated.device.id, "deactivate");
  {
    auto connection = database_->acquire();
    connection->execute("UPDATE licenses SET expires_at = $2 WHERE id = $1",
                        {license.id, app::now() - kDay});
  }
  const auto error =
      error_of([&] { app::delete_device(*database_, policies_, operator_, activated.device.id); });
  EXPECT_EQ(error.code(), "license_expired");
  auto connection = database_->acquire();
  EXPECT_TRUE(DeviceStore(*connection).find(operator_scope(), activated.device.id));
}

TEST_P(DeviceFlowsTest, SettingsForDeviceFollowTheGroupProfile) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  auto settings = app::settings_for_device(*database_, hash_token(activated.token));
  EXPECT_EQ(settings.revision, 0);
  EXPECT_EQ(settings.settings, std::nullopt);
  assign_profile(license, R"({"scan":"weekly"})");
  settings = app::settings_for_device(*database_, hash_token(activated.token));
  EXPECT_EQ(settings.revision, 1);
  EXPECT_EQ(settings.settings, R"({"scan":"weekly"})");
  EXPECT_EQ(error_of([&] { app::settings_for_device(*database_, hash_token("nope")); }).code(),
            "invalid_token");
}

// --- commands -------------------------------------------------------------------------------

TEST_P(DeviceFlowsTest, DeactivateFreesTheSeatAtOnceAndActivateTakesOne) {
  const auto license = issue(1);
  const auto first = activate(license, "m-1");
  ASSERT_EQ(seats_used(license), 1);

  const auto deactivation = command(operator_, first.device.id, "deactivate");
  EXPECT_EQ(deactivation.type, "deactivate");
  EXPECT_EQ(deactivation.status, ActionStatus::outstanding);
  EXPECT_EQ(seats_used(license), 0);
  auto stored = device(first.device.id);
  EXPECT_FALSE(stored.active);
  EXPECT_TRUE(stored.deactivated_at);
  EXPECT_TRUE(has_flag(stored.status_flags, FilterKey::deactivated));
  EXPECT_EQ(command_error(operator_, first.device.id, "deactivate").code(), "device_inactive");

  // The freed seat goes to another machine; activating the first one is then refused.
  const auto second = activate(license, "m-2");
  EXPECT_TRUE(second.created);
  auto error = command_error(operator_, first.device.id, "activate");
  EXPECT_EQ(error.code(), "no_free_activations");
  EXPECT_EQ(error.kind(), core::ErrorKind::conflict);
  EXPECT_FALSE(device(first.device.id).active);

  command(operator_, second.device.id, "deactivate");
  command(operator_, first.device.id, "activate");
  EXPECT_EQ(seats_used(license), 1);
  stored = device(first.device.id);
  EXPECT_TRUE(stored.active);
  EXPECT_EQ(stored.deactivated_at, std::nullopt);
  EXPECT_FALSE(has_flag(stored.status_flags, FilterKey::deactivated));
  EXPECT_EQ(command_error(operator_, first.device.id, "activate").code(), "device_active");
}

TEST_P(DeviceFlowsTest, ReactivatingADeactivatedMachineKeepsItDeactivatedWithoutASeat) {
  const auto license = issue(2);
  const auto first = activate(license, "m-1");
  command(operator_, first.device.id, "deactivate");
  const auto again = activate(license, "m-1");
  EXPECT_FALSE(again.created);
  EXPECT_FALSE(device(first.device.id).active);
  EXPECT_EQ(seats_used(license), 0);
}

TEST_P(DeviceFlowsTest, ApplySettingsNeedsAProfileAndCarriesItsRevision) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  const auto error = command_error(operator_, activated.device.id, "apply_settings");
  EXPECT_EQ(error.code(), "profile_missing");
  EXPECT_EQ(error.kind(), core::ErrorKind::conflict);
  assign_profile(license, R"({"realtime":true})");
  const auto queued = command(operator_, activated.device.id, "apply_settings");
  const auto payload = boost::json::parse(queued.payload).as_object();
  EXPECT_EQ(payload.at("revision").as_int64(), 1);
  EXPECT_TRUE(payload.at("settings").at("realtime").as_bool());
}

TEST_P(DeviceFlowsTest, CommandTypeAndScanTypeAreValidated) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  for (const char* scan : {"quick", "system_partition", "complete", "removable_media"}) {
    const auto queued = command(operator_, activated.device.id, "scan", scan);
    EXPECT_EQ(boost::json::parse(queued.payload).at("scan_type").as_string(), scan);
  }
  auto error = command_error(operator_, activated.device.id, "scan", "deep");
  EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request);
  EXPECT_NE(std::string(error.what()).find("scan_type"), std::string::npos) << error.what();
  error = command_error(operator_, activated.device.id, "reboot");
  EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request);
  EXPECT_NE(std::string(error.what()).find("type"), std::string::npos) << error.what();
  auto connection = database_->acquire();
  EXPECT_EQ(DeviceCommandStore(*connection).list_by_device(activated.device.id).size(), 4u);
}

TEST_P(DeviceFlowsTest, ViewersAndOtherTenantsCanNotSendCommands) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  auto error =
      command_error(admin_of(tenants_.reseller_a, core::Role::viewer), activated.device.id, "scan");
  EXPECT_EQ(error.kind(), core::ErrorKind::forbidden);
  error = command_error(admin_of(tenants_.reseller_b), activated.device.id, "deactivate");
  EXPECT_EQ(error.kind(), core::ErrorKind::not_found);
  error = command_error(operator_, activated.device.id + 1000, "scan");
  EXPECT_EQ(error.kind(), core::ErrorKind::not_found);
  EXPECT_TRUE(device(activated.device.id).active);
  EXPECT_EQ(seats_used(license), 1);
  // The device's own reseller, as a technician, may.
  EXPECT_NO_THROW(
      command(admin_of(tenants_.reseller_a, core::Role::technician), activated.device.id, "scan"));
  const auto customer_admin = app::Actor{std::nullopt, "Customer admin", core::Role::admin,
                                         TenantScope::customer(tenants_.customer_a2.id)};
  EXPECT_EQ(command_error(customer_admin, activated.device.id, "scan").kind(),
            core::ErrorKind::not_found);
}

TEST_P(DeviceFlowsTest, ExpiredLicenseRefusesCommands) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  {
    auto connection = database_->acquire();
    connection->execute("UPDATE licenses SET expires_at = $2 WHERE id = $1",
                        {license.id, app::now() - kDay});
  }
  EXPECT_EQ(command_error(operator_, activated.device.id, "deactivate").code(), "license_expired");
  EXPECT_TRUE(device(activated.device.id).active);
  EXPECT_EQ(seats_used(license), 1);
}

TEST_P(DeviceFlowsTest, CommandLogEntryWalksToCompletedOrAbortedWithTheDevicesAnswer) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  const auto scan = command(operator_, activated.device.id, "scan");
  ASSERT_TRUE(scan.action_id);
  auto entry = log_entry(activated.device.id, *scan.action_id);
  EXPECT_EQ(entry.action, "device.scan");
  EXPECT_EQ(entry.status, ActionStatus::outstanding);
  EXPECT_EQ(entry.actor, "command line");
  EXPECT_EQ(entry.ended_at, std::nullopt);

  const core::UnixTime t = app::now() + 10;
  auto reply = checkin(activated.token, report_json(), t);
  ASSERT_EQ(reply.commands.size(), 1u);
  EXPECT_EQ(reply.commands[0].id, scan.id);
  EXPECT_EQ(reply.commands[0].status, ActionStatus::running);
  EXPECT_EQ(log_entry(activated.device.id, *scan.action_id).status, ActionStatus::running);

  // Not acknowledged yet: handed out again, still running.
  reply = checkin(activated.token, report_json(), t + 10);
  ASSERT_EQ(reply.commands.size(), 1u);
  EXPECT_EQ(reply.commands[0].id, scan.id);
  EXPECT_EQ(log_entry(activated.device.id, *scan.action_id).status, ActionStatus::running);

  auto body = report_json();
  body["command_results"] = {{{"id", scan.id}, {"ok", true}, {"message", "no threats"}}};
  reply = checkin(activated.token, body, t + 20);
  EXPECT_TRUE(reply.commands.empty());
  entry = log_entry(activated.device.id, *scan.action_id);
  EXPECT_EQ(entry.status, ActionStatus::completed);
  EXPECT_EQ(entry.ended_at, t + 20);
  EXPECT_EQ(entry.client_message, "no threats");
  EXPECT_EQ(stored_command(activated.device.id, scan.id).status, ActionStatus::completed);
  // The timeline keeps every step with its time; the re-delivery at t + 10 is not a step.
  ASSERT_EQ(entry.timeline.size(), 4u);
  EXPECT_EQ(entry.timeline[0].status, ActionStatus::created);
  EXPECT_EQ(entry.timeline[0].at, entry.started_at);
  EXPECT_EQ(entry.timeline[1], (core::ActionTransition{ActionStatus::outstanding, entry.started_at}));
  EXPECT_EQ(entry.timeline[2], (core::ActionTransition{ActionStatus::running, t}));
  EXPECT_EQ(entry.timeline[3], (core::ActionTransition{ActionStatus::completed, t + 20}));

  const auto failing = command(operator_, activated.device.id, "scan", "complete");
  checkin(activated.token, report_json(), t + 30);
  body["command_results"] = {{{"id", failing.id}, {"ok", false}, {"message", "disk error"}}};
  checkin(activated.token, body, t + 40);
  entry = log_entry(activated.device.id, *failing.action_id);
  EXPECT_EQ(entry.status, ActionStatus::aborted);
  EXPECT_EQ(entry.client_message, "disk error");
  EXPECT_EQ(entry.ended_at, t + 40);
  const auto stored = stored_command(activated.device.id, failing.id);
  EXPECT_EQ(stored.status, ActionStatus::aborted);
  EXPECT_EQ(stored.message, "disk error");
  const std::vector<core::ActionTransition> aborted_walk{
      {ActionStatus::created, entry.started_at},
      {ActionStatus::outstanding, entry.started_at},
      {ActionStatus::running, t + 30},
      {ActionStatus::aborted, t + 40}};
  EXPECT_EQ(entry.timeline, aborted_walk);

  // A repeated acknowledgement changes nothing, the timeline neither.
  body["command_results"] = {{{"id", failing.id}, {"ok", true}, {"message", "late"}}};
  checkin(activated.token, body, t + 50);
  EXPECT_EQ(log_entry(activated.device.id, *failing.action_id).status, ActionStatus::aborted);
  EXPECT_EQ(log_entry(activated.device.id, *failing.action_id).client_message, "disk error");
  EXPECT_EQ(log_entry(activated.device.id, *failing.action_id).timeline, aborted_walk);
}

TEST_P(DeviceFlowsTest, DeviceAcknowledgingAnotherDevicesCommandChangesNothing) {
  const auto license = issue(3);
  const auto victim = activate(license, "m-1");
  const auto forger = activate(license, "m-2");
  const auto scan = command(operator_, victim.device.id, "scan");
  const core::UnixTime t = app::now() + 10;
  checkin(victim.token, report_json(), t);  // running now
  auto body = report_json();
  body["command_results"] = {{{"id", scan.id}, {"ok", false}, {"message", "forged"}}};
  EXPECT_NO_THROW(checkin(forger.token, body, t + 1));
  EXPECT_EQ(stored_command(victim.device.id, scan.id).status, ActionStatus::running);
  const auto entry = log_entry(victim.device.id, *scan.action_id);
  EXPECT_EQ(entry.status, ActionStatus::running);
  EXPECT_EQ(entry.client_message, "");
  const auto reply = checkin(victim.token, report_json(), t + 2);
  ASSERT_EQ(reply.commands.size(), 1u);
  EXPECT_EQ(reply.commands[0].id, scan.id);
}

TEST_P(DeviceFlowsTest, OverdueCommandsAreAbortedAndLogged) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  const auto delivered = command(operator_, activated.device.id, "scan");
  checkin(activated.token, report_json(), app::now());
  const auto waiting = command(operator_, activated.device.id, "scan", "complete");
  auto connection = database_->acquire();
  const app::Policy policy = app::load_policy(*connection);

  EXPECT_EQ(app::abort_overdue_commands(*database_, policy, app::now()), 0);
  EXPECT_EQ(app::abort_overdue_commands(*database_, policy, app::now() + 60 * kDay), 2);
  for (const auto& queued : {delivered, waiting}) {
    const auto entry = log_entry(activated.device.id, *queued.action_id);
    EXPECT_EQ(entry.status, ActionStatus::aborted);
    EXPECT_EQ(entry.client_message, "no answer from the device in time");
    EXPECT_TRUE(entry.ended_at);
    ASSERT_FALSE(entry.timeline.empty());
    EXPECT_EQ(entry.timeline.back(), (core::ActionTransition{ActionStatus::aborted, *entry.ended_at}));
    EXPECT_EQ(stored_command(activated.device.id, queued.id).status, ActionStatus::aborted);
  }
  EXPECT_EQ(app::abort_overdue_commands(*database_, policy, app::now() + 90 * kDay), 0);
  EXPECT_TRUE(checkin(activated.token, report_json(), app::now()).commands.empty());
}

TEST_P(DeviceFlowsTest, DescribeDeviceShowsStatusCommandsAndLogWithinScope) {
  const auto license = issue(3);
  const auto activated = activate(license, "m-1");
  command(operator_, activated.device.id, "scan");
  const auto details = app::describe_device(*database_, policies_, admin_of(tenants_.reseller_a),
                                            activated.device.id);
  EXPECT_EQ(details.device.id, activated.device.id);
  EXPECT_EQ(details.commands.size(), 1u);
  ASSERT_EQ(details.actions.size(), 2u);
  EXPECT_EQ(details.actions[0].action, "device.scan");
  EXPECT_EQ(details.actions[1].action, "device.activated");
  EXPECT_EQ(error_of([&] {
              app::describe_device(*database_, policies_, admin_of(tenants_.reseller_b),
                                   activated.device.id);
            }).kind(),
            core::ErrorKind::not_found);
}

// --- the check-in batcher -------------------------------------------------------------------

struct Outcomes {
  std::mutex mutex;
  std::condition_variable done;
  int completed = 0;
  int replies = 0;
  std::map<std::string, int> error_codes;

  app::CheckinBatcher::Completion completion(
      std::function<void(const app::CheckinBatcher::Outcome&)> check = nullptr) {
    return [this, check](app::CheckinBatcher::Outcome outcome) {
      if (check) check(outcome);
      std::lock_guard lock(mutex);
      ++completed;
      if (std::holds_alternative<app::CheckinReply>(outcome)) {
        ++replies;
      } else {
        try {
          std::rethrow_exception(std::get<std::exception_ptr>(outcome));
        } catch (const core::Error& error) {
          ++error_codes[error.code()];
        } catch (const std::exception& error) {
          ++error_codes[std::string("other: ") + error.what()];
        }
      }
      done.notify_all();
    };
  }

  int count() {
    std::lock_guard lock(mutex);
    return completed;
  }

  bool wait_for(int count) {
    std::unique_lock lock(mutex);
    return done.wait_for(lock, std::chrono::seconds(120), [&] { return completed >= count; });
  }
};

class CheckinBatcherTest : public DeviceFlowsTest {
 protected:
  // `count` devices of one MSP license, created directly; device i has token "token-i".
  // `count` devices named "initial" of a new MSP license; device i has token "token-i".
  std::vector<core::Device> create_devices(int count) {
    return create_fleet("token-",
                        std::vector<std::string>(static_cast<std::size_t>(count), "initial"));
  }

  app::CheckinRequest request(const std::string& token, int infections,
                              const std::string& hostname) {
    auto body = report_json(hostname);
    body["infections"] = infections;
    return app::CheckinRequest{hash_token(token), core::parse_checkin_report(body), "10.0.0.1"};
  }

  void queue_command(core::Id device_id) {
    auto connection = database_->acquire();
    core::DeviceCommand command;
    command.device_id = device_id;
    command.type = "scan";
    command.payload = R"({"scan_type":"quick"})";
    command.status = ActionStatus::outstanding;
    command.created_at = 100;
    command.queued_at = 100;
    DeviceCommandStore(*connection).queue(command);
  }

  // Devices of a new MSP license with the given host names; device i has token prefix + i.
  std::vector<core::Device> create_fleet(const std::string& prefix,
                                         const std::vector<std::string>& hostnames) {
    const auto license = issue(0, "msp");
    auto connection = database_->acquire();
    Transaction transaction(*connection);
    DeviceStore devices(*connection);
    std::vector<core::Device> created;
    for (std::size_t i = 0; i < hostnames.size(); ++i) {
      core::Device device;
      device.license_id = license.id;
      device.customer_id = license.customer_id;
      device.reseller_id = license.reseller_id;
      device.group_id = *license.main_group_id;
      device.machine_id = "machine-" + std::to_string(i);
      device.token_hash = hash_token(prefix + std::to_string(i));
      device.hostname = hostnames[i];
      device.client_version = "3.2.34";
      device.first_contact_at = device.last_contact_at = 1000;
      created.push_back(devices.create(device));
    }
    transaction.commit();
    return created;
  }
};

// What a check-in outcome says, for comparing two runs.
std::string outcome_text(const app::CheckinOutcome& outcome) {
  if (const auto* reply = std::get_if<app::CheckinReply>(&outcome)) {
    return "reply " + std::to_string(reply->commands.size()) + " commands, revision " +
           std::to_string(reply->settings_revision);
  }
  try {
    std::rethrow_exception(std::get<std::exception_ptr>(outcome));
  } catch (const core::Error& error) {
    return std::string("error ") + error.code();
  }
}

TEST_P(CheckinBatcherTest, BatchOfCheckinsStoresWhatOneByOneWould) {
  // Renames that change their peers' review flag, peers later in the batch, a device twice, a
  // waiting command and an unknown token, among check-ins that only change their own row.
  const std::vector<std::string> hostnames = {"host-0", "host-1", "host-2", "shared",
                                              "shared", "host-5", "host-6", "host-7"};
  struct Step {
    int device;  // -1: unknown token
    std::string hostname;
    int infections;
    int settings_revision;
  };
  const std::vector<Step> steps = {{0, "host-0", 1, 0}, {1, "HOST-2", 0, 0}, {2, "host-2", 3, 0},
                                   {0, "host-0", 0, 1}, {-1, "x", 0, 0},     {3, "host-7", 0, 0},
                                   {4, "shared", 2, 0}, {7, "host-7", 0, 0}, {5, "host-5", 0, 0},
                                   {6, "host-6", 4, 2}, {6, "Host-6", 5, 2}};
  const auto one_by_one = create_fleet("single-", hostnames);
  const auto batched = create_fleet("batched-", hostnames);
  queue_command(one_by_one[5].id);
  queue_command(batched[5].id);
  constexpr core::UnixTime kAt = 5000;
  {
    // Stored flags as check-ins leave them, so that a stale copy of a row would show.
    auto connection = database_->acquire();
    app::refresh_all_status_flags(*database_, app::load_policy(*connection), kAt);
  }
  const auto requests_of = [&](const std::string& prefix) {
    std::vector<app::CheckinRequest> requests;
    for (const Step& step : steps) {
      auto body = report_json(step.hostname);
      body["infections"] = step.infections;
      body["settings_revision"] = step.settings_revision;
      const std::string token = step.device < 0 ? "unknown" : prefix + std::to_string(step.device);
      requests.push_back({hash_token(token), core::parse_checkin_report(body), "10.0.0.1"});
    }
    return requests;
  };
  const auto single_requests = requests_of("single-");
  const auto batch_requests = requests_of("batched-");

  std::vector<std::string> single_outcomes;
  std::vector<std::string> batch_outcomes;
  {
    auto connection = database_->acquire();
    const app::Policy policy = app::load_policy(*connection);
    Transaction transaction(*connection);
    for (const auto& request : single_requests) {
      try {
        single_outcomes.push_back(
            outcome_text(app::process_checkin(*connection, policy, request, kAt)));
      } catch (const core::Error&) {
        single_outcomes.push_back(outcome_text(std::current_exception()));
      }
    }
    std::vector<const app::CheckinRequest*> pointers;
    for (const auto& request : batch_requests) pointers.push_back(&request);
    for (const auto& outcome : app::process_checkins(*connection, policy, pointers, kAt)) {
      batch_outcomes.push_back(outcome_text(outcome));
    }
    transaction.commit();
  }

  EXPECT_EQ(batch_outcomes, single_outcomes);
  EXPECT_EQ(single_outcomes[4], "error invalid_token");
  EXPECT_EQ(single_outcomes[8], "reply 1 commands, revision 0");
  for (std::size_t i = 0; i < hostnames.size(); ++i) {
    const core::Device single = device(one_by_one[i].id);
    const core::Device batch = device(batched[i].id);
    EXPECT_EQ(batch.hostname, single.hostname) << i;
    EXPECT_EQ(batch.ip, single.ip) << i;
    EXPECT_EQ(batch.infections, single.infections) << i;
    EXPECT_EQ(batch.settings_revision, single.settings_revision) << i;
    EXPECT_EQ(batch.settings_applied_at, single.settings_applied_at) << i;
    EXPECT_EQ(batch.last_contact_at, single.last_contact_at) << i;
    EXPECT_EQ(batch.status_flags, single.status_flags) << i;
  }
  EXPECT_TRUE(has_flag(device(batched[2].id).status_flags, FilterKey::review));
  EXPECT_FALSE(has_flag(device(batched[4].id).status_flags, FilterKey::review));
  EXPECT_TRUE(has_flag(device(batched[7].id).status_flags, FilterKey::review));
}

TEST_P(CheckinBatcherTest, CheckinsFromManyThreadsAllCompleteAndAreStored) {
  constexpr int kCheckins = 500;
  constexpr int kThreads = 8;
  const auto devices = create_devices(kCheckins);
  Outcomes outcomes;
  {
    app::CheckinBatcher batcher(*database_, policies_, 64);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = t; i < kCheckins; i += kThreads) {
          batcher.submit(request("token-" + std::to_string(i), i % 7, "host-" + std::to_string(i)),
                         outcomes.completion());
        }
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_TRUE(outcomes.wait_for(kCheckins)) << outcomes.completed << " completed";
  }
  EXPECT_EQ(outcomes.completed, kCheckins);
  EXPECT_EQ(outcomes.replies, kCheckins);
  EXPECT_TRUE(outcomes.error_codes.empty());

  auto connection = database_->acquire();
  DeviceStore store(*connection);
  for (int i = 0; i < kCheckins; ++i) {
    const auto stored = store.find(operator_scope(), devices[i].id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->hostname, "host-" + std::to_string(i));
    EXPECT_EQ(stored->infections, i % 7);
    EXPECT_EQ(stored->ip, "10.0.0.1");
    EXPECT_GT(stored->last_contact_at, 1000);
    EXPECT_EQ(has_flag(stored->status_flags, FilterKey::threatened), i % 7 != 0);
  }
}

TEST_P(CheckinBatcherTest, BatchMixingValidUnknownAndDeletedTokensCompletesEachCorrectly) {
  const auto devices = create_devices(10);
  {
    auto connection = database_->acquire();
    DeviceStore(*connection).remove(devices[9].id, 500);
  }
  Outcomes outcomes;
  std::mutex mutex;
  std::map<std::string, std::string> results;  // token -> "reply" or error code
  const auto record = [&](const std::string& token) {
    return outcomes.completion([&, token](const app::CheckinBatcher::Outcome& outcome) {
      std::string result = "reply";
      if (const auto* error = std::get_if<std::exception_ptr>(&outcome)) {
        try {
          std::rethrow_exception(*error);
        } catch (const core::Error& e) {
          result = e.code();
        }
      }
      std::lock_guard lock(mutex);
      results[token] = result;
    });
  };
  int submitted = 0;
  {
    app::CheckinBatcher batcher(*database_, policies_);
    // Another writer holds device 0 (and on SQLite the write lock), so the batcher's first
    // batch waits, and everything submitted meanwhile queues up for the next batch.
    auto blocker = database_->acquire();
    auto lock = std::make_unique<Transaction>(*blocker);
    blocker->execute("UPDATE devices SET description = 'locked' WHERE id = $1", {devices[0].id});
    batcher.submit(request("token-0", 1, "mixed-0"), record("token-0"));
    ++submitted;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int i = 1; i < 9; ++i) {
      const std::string valid = "token-" + std::to_string(i);
      batcher.submit(request(valid, 1, "mixed-" + std::to_string(i)), record(valid));
      ++submitted;
    }
    for (int i = 0; i < 9; ++i) {
      const std::string unknown = "unknown-" + std::to_string(i);
      batcher.submit(request(unknown, 0, "x"), record(unknown));
      batcher.submit(request("token-9", 0, "deleted"), record("token-9#" + std::to_string(i)));
      submitted += 2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(outcomes.count(), 0);  // nothing is acknowledged before it is committed
    lock->commit();
    ASSERT_TRUE(outcomes.wait_for(submitted));
  }
  EXPECT_EQ(outcomes.completed, submitted);
  EXPECT_EQ(outcomes.replies, 9);
  EXPECT_EQ(outcomes.error_codes["invalid_token"], 9);
  EXPECT_EQ(outcomes.error_codes["device_deleted"], 9);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(results["token-" + std::to_string(i)], "reply");
    EXPECT_EQ(results["unknown-" + std::to_string(i)], "invalid_token");
    EXPECT_EQ(results["token-9#" + std::to_string(i)], "device_deleted");
    const auto stored = device(devices[i].id);
    EXPECT_EQ(stored.hostname, "mixed-" + std::to_string(i));
    EXPECT_EQ(stored.infections, 1);
  }
}

TEST_P(CheckinBatcherTest, DestroyingTheBatcherCompletesEverythingSubmitted) {
  constexpr int kCheckins = 200;
  const auto devices = create_devices(20);
  Outcomes outcomes;
  {
    app::CheckinBatcher batcher(*database_, policies_, 16);
    for (int i = 0; i < kCheckins; ++i) {
      batcher.submit(request("token-" + std::to_string(i % 20), i, "host-" + std::to_string(i)),
                     outcomes.completion());
    }
  }  // the destructor commits what was submitted
  EXPECT_EQ(outcomes.completed, kCheckins);
  EXPECT_EQ(outcomes.replies, kCheckins);
  // Check-ins are committed in submission order, so each device holds its last report.
  for (int d = 0; d < 20; ++d) {
    EXPECT_EQ(device(devices[d].id).hostname, "host-" + std::to_string(kCheckins - 20 + d));
  }
}

// --- policy ---------------------------------------------------------------------------------

TEST_P(DeviceFlowsTest, PolicyDefaultsOnAFreshDatabase) {
  auto connection = database_->acquire();
  const app::Policy policy = app::load_policy(*connection);
  EXPECT_EQ(policy.checkin_interval_s, 300);
  EXPECT_EQ(policy.activation_limit_factor, 3);
  EXPECT_EQ(policy.msp_activation_limit, 1000);
  EXPECT_EQ(policy.command_queue_timeout_s, 7 * kDay);
  EXPECT_EQ(policy.command_ack_timeout_s, kHour);
  EXPECT_EQ(policy.status.stale_days, 7);
  ASSERT_TRUE(policy.status.current_client_version);
  EXPECT_EQ(policy.status.current_client_version->to_string(), "3.2.34");
  EXPECT_EQ(policy.status.remote_settings_minimum.to_string(), "3.0.0");
  EXPECT_FALSE(policy.status.os_eol.entries.empty());
  std::map<std::string, std::string> described;
  for (const auto& [key, value] : app::describe_policy(policy)) described[key] = value;
  EXPECT_EQ(described.size(), app::policy_keys().size());
  EXPECT_EQ(described["checkin_interval_s"], "300");
  EXPECT_EQ(described["current_client_version"], "3.2.34");
}

TEST_P(DeviceFlowsTest, PolicyValuesAreValidatedBeforeTheyAreStored) {
  auto connection = database_->acquire();
  const auto set_error = [&](const std::string& key, const std::string& value) {
    return error_of([&] { app::set_policy_value(*connection, key, value); });
  };
  auto error = set_error("no_such_key", "1");
  EXPECT_EQ(error.code(), "unknown_setting");
  EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request);
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"checkin_interval_s", "29"},
           {"checkin_interval_s", "86401"},
           {"checkin_interval_s", "abc"},
           {"checkin_interval_s", ""},
           {"stale_days", "0"},
           {"stale_days", "366"},
           {"activation_limit_factor", "0"},
           {"activation_limit_factor", "101"},
           {"msp_activation_limit", "1000001"},
           {"command_queue_timeout_s", "59"},
           {"command_ack_timeout_s", "604801"},
           {"current_client_version", "3.x"},
           {"current_client_version", ""},
           {"remote_settings_minimum", "1.2.3.4.5"},
           {"os_eol_calendar", "{"},
           {"os_eol_calendar", "[]"},
           {"os_eol_calendar", R"({"version":1,"entries":[{"id":"x"}]})"},
       }) {
    error = set_error(key, value);
    EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request) << key << "=" << value;
    // The calendar's errors name the member of the calendar ("os_eol.entries[0].name").
    const std::string named = key == "os_eol_calendar" ? "os_eol" : key;
    EXPECT_NE(std::string(error.what()).find(named), std::string::npos)
        << key << "=" << value << ": " << error.what();
  }
  EXPECT_TRUE(SettingsStore(*connection).all().empty());
}

TEST_P(DeviceFlowsTest, PolicyLoadsWhatWasSet) {
  auto connection = database_->acquire();
  app::set_policy_value(*connection, "checkin_interval_s", "120");
  app::set_policy_value(*connection, "stale_days", "30");
  app::set_policy_value(*connection, "activation_limit_factor", "5");
  app::set_policy_value(*connection, "msp_activation_limit", "20");
  app::set_policy_value(*connection, "command_queue_timeout_s", "600");
  app::set_policy_value(*connection, "command_ack_timeout_s", "60");
  app::set_policy_value(*connection, "current_client_version", "4.1");
  app::set_policy_value(*connection, "remote_settings_minimum", "3.1.0");
  app::set_policy_value(*connection, "os_eol_calendar", R"({"version":1,"entries":[]})");
  app::set_policy_value(*connection, "checkin_interval_s", "90");  // overwrites
  const app::Policy policy = app::load_policy(*connection);
  EXPECT_EQ(policy.checkin_interval_s, 90);
  EXPECT_EQ(policy.status.stale_days, 30);
  EXPECT_EQ(policy.activation_limit_factor, 5);
  EXPECT_EQ(policy.msp_activation_limit, 20);
  EXPECT_EQ(policy.command_queue_timeout_s, 600);
  EXPECT_EQ(policy.command_ack_timeout_s, 60);
  EXPECT_EQ(policy.status.current_client_version->to_string(), "4.1");
  EXPECT_EQ(policy.status.remote_settings_minimum.to_string(), "3.1.0");
  EXPECT_TRUE(policy.status.os_eol.entries.empty());
}

TEST_P(DeviceFlowsTest, RefreshAllStatusFlagsMarksOlderClientsObsoleteAfterARelease) {
  const auto license = issue(5);
  const auto old_client = activate(license, "m-1");
  const auto new_client = activate(license, "m-2");
  auto body = report_json();
  body["client_version"] = "4.0.1";
  checkin(new_client.token, body, app::now());
  EXPECT_FALSE(has_flag(device(old_client.device.id).status_flags, FilterKey::obsolete));

  set_policy("current_client_version", "4.0");
  auto connection = database_->acquire();
  const app::Policy policy = app::load_policy(*connection);
  EXPECT_EQ(app::refresh_all_status_flags(*database_, policy, app::now()), 2);
  EXPECT_TRUE(has_flag(device(old_client.device.id).status_flags, FilterKey::obsolete));
  EXPECT_FALSE(has_flag(device(new_client.device.id).status_flags, FilterKey::obsolete));
}

TEST_P(DeviceFlowsTest, RefreshAllStatusFlagsWalksMoreThanOneBatch) {
  constexpr int kDevices = 1005;  // more than the evaluation batch of 1000
  const auto license = issue(0, "msp");
  {
    auto connection = database_->acquire();
    Transaction transaction(*connection);
    DeviceStore devices(*connection);
    for (int i = 0; i < kDevices; ++i) {
      core::Device device;
      device.license_id = license.id;
      device.customer_id = license.customer_id;
      device.reseller_id = license.reseller_id;
      device.group_id = *license.main_group_id;
      device.machine_id = "m-" + std::to_string(i);
      device.token_hash = hash_token("t-" + std::to_string(i));
      device.hostname = "host-" + std::to_string(i);
      device.client_version = "3.0";
      device.first_contact_at = device.last_contact_at = app::now();
      devices.create(device);
    }
    transaction.commit();
  }
  auto connection = database_->acquire();
  const app::Policy policy = app::load_policy(*connection);
  EXPECT_EQ(app::refresh_all_status_flags(*database_, policy, app::now()), kDevices);
  const auto all = DeviceStore(*connection).list_by_license(operator_scope(), license.id);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kDevices));
  EXPECT_TRUE(has_flag(all.front().status_flags, FilterKey::obsolete));
  EXPECT_TRUE(has_flag(all.back().status_flags, FilterKey::obsolete));
}

INSTANTIATE_TEST_SUITE_P(Engines, DeviceFlowsTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);
INSTANTIATE_TEST_SUITE_P(Engines, CheckinBatcherTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
