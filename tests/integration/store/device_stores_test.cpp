// The device-side stores against both engines: devices, their commands, operator settings,
// configuration profiles, the action-log queries of the device protocol and group profiles.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "store/action_log_store.hpp"
#include "store/device_command_store.hpp"
#include "store/device_search.hpp"
#include "store/device_store.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"
#include "store/settings_store.hpp"
#include "store/sql_helpers.hpp"
#include "store/token_hash.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

using core::ActionStatus;
using core::TenantScope;

class DeviceStoresTest : public StoreTest {
 protected:
  TenantScope operator_scope() const { return TenantScope::of(tenants_.operator_company); }

  core::Device create_device(const core::License& license, const std::string& machine_id,
                             const std::string& hostname = "PC-01") {
    auto connection = database_->acquire();
    return DeviceStore(*connection).create(device_of(license, machine_id, hostname));
  }

  core::DeviceCommand queue_command(core::Id device_id, const std::string& type, core::UnixTime at,
                                    ActionStatus status = ActionStatus::outstanding) {
    auto connection = database_->acquire();
    core::DeviceCommand command;
    command.device_id = device_id;
    command.type = type;
    command.payload = R"({"scan_type":"quick"})";
    command.status = status;
    command.created_at = at;
    command.queued_at = at;
    return DeviceCommandStore(*connection).queue(command);
  }

  core::ActionLogEntry log_entry(const core::License& license, std::optional<core::Id> device_id,
                                 const std::string& action, core::UnixTime at) {
    auto connection = database_->acquire();
    core::ActionLogEntry entry;
    entry.company_id = license.customer_id;
    entry.reseller_id = license.reseller_id;
    entry.license_id = license.id;
    entry.device_id = device_id;
    entry.action = action;
    entry.status = ActionStatus::completed;
    entry.actor = "Client";
    entry.started_at = at;
    return ActionLogStore(*connection).append(entry);
  }
};

TEST_P(DeviceStoresTest, CreatedDeviceRoundTripsEveryColumn) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  core::Device device = device_of(license, "{machine-1}", "PC-Buero");
  device.description = "Empfang";
  device.ip = "2001:db8::7";
  device.domain = "corp.example";
  device.os_name = "Windows 11 Pro";
  device.os_version = "23H2";
  device.os_build = "22631.3880";
  device.infections = 4;
  device.realtime_on = false;
  device.updates_on = true;
  device.settings_revision = 3;
  device.settings_applied_at = 1500;
  device.muted = core::MuteLevel::some;
  device.muted_categories = R"(["threats"])";
  device.active = false;
  device.deactivated_at = 1600;
  device.first_contact_at = 1100;
  device.last_contact_at = 1700;
  device.status_flags = 0x212;
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  const auto created = devices.create(device);
  EXPECT_GT(created.id, 0);
  const auto found = devices.find(operator_scope(), created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->license_id, license.id);
  EXPECT_EQ(found->customer_id, tenants_.customer_a1.id);
  EXPECT_EQ(found->reseller_id, tenants_.reseller_a.id);
  EXPECT_EQ(found->group_id, *license.main_group_id);
  EXPECT_EQ(found->machine_id, "{machine-1}");
  EXPECT_EQ(found->token_hash, device.token_hash);
  EXPECT_EQ(found->hostname, "PC-Buero");
  EXPECT_EQ(found->description, "Empfang");
  EXPECT_EQ(found->ip, "2001:db8::7");
  EXPECT_EQ(found->domain, "corp.example");
  EXPECT_EQ(found->os_name, "Windows 11 Pro");
  EXPECT_EQ(found->os_version, "23H2");
  EXPECT_EQ(found->os_build, "22631.3880");
  EXPECT_EQ(found->client_version, "3.2.34");
  EXPECT_EQ(found->infections, 4);
  EXPECT_FALSE(found->realtime_on);
  EXPECT_TRUE(found->updates_on);
  EXPECT_EQ(found->settings_revision, 3);
  EXPECT_EQ(found->settings_applied_at, 1500);
  EXPECT_EQ(found->muted, core::MuteLevel::some);
  EXPECT_EQ(found->muted_categories, R"(["threats"])");
  EXPECT_FALSE(found->active);
  EXPECT_EQ(found->deactivated_at, 1600);
  EXPECT_EQ(found->first_contact_at, 1100);
  EXPECT_EQ(found->last_contact_at, 1700);
  EXPECT_EQ(found->status_flags, 0x212);
}

TEST_P(DeviceStoresTest, FindSeesOnlyDevicesInScope) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  EXPECT_TRUE(devices.find(operator_scope(), device.id));
  EXPECT_TRUE(devices.find(TenantScope::of(tenants_.reseller_a), device.id));
  EXPECT_TRUE(devices.find(TenantScope::of(tenants_.customer_a1), device.id));
  EXPECT_FALSE(devices.find(TenantScope::of(tenants_.reseller_b), device.id));
  EXPECT_FALSE(devices.find(TenantScope::of(tenants_.customer_a2), device.id));
  EXPECT_FALSE(devices.find(TenantScope::of(tenants_.customer_b1), device.id));
  EXPECT_FALSE(devices.find(operator_scope(), device.id + 1000));
  EXPECT_EQ(devices.list_by_license(TenantScope::of(tenants_.customer_a1), license.id).size(), 1u);
  EXPECT_TRUE(devices.list_by_license(TenantScope::of(tenants_.reseller_b), license.id).empty());
}

TEST_P(DeviceStoresTest, FindByMachineLooksOnlyInTheLicense) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto other = make_license(tenants_.customer_a1, 10, "key-2");
  const auto device = create_device(license, "m-1");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  const auto found = devices.find_by_machine(license.id, "m-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, device.id);
  EXPECT_FALSE(devices.find_by_machine(other.id, "m-1"));
  EXPECT_FALSE(devices.find_by_machine(license.id, "m-2"));
}

TEST_P(DeviceStoresTest, MachineIdIsUniquePerLicense) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto other = make_license(tenants_.customer_b1, 10, "key-2");
  create_device(license, "m-1");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  core::Device again = device_of(license, "m-1");
  again.token_hash = hash_token("another token");
  try {
    devices.create(again);
    FAIL() << "second device with the same machine id accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::unique_violation);
  }
  // The same machine under another license is another device.
  EXPECT_NO_THROW(devices.create(device_of(other, "m-1")));
}

TEST_P(DeviceStoresTest, FindForCheckinJoinsTheGroupProfileRevision) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  ProfileStore profiles(*connection);
  GroupStore groups(*connection);

  auto context = devices.find_for_checkin(device.token_hash);
  ASSERT_TRUE(context);
  EXPECT_EQ(context->device.id, device.id);
  EXPECT_EQ(context->profile_revision, std::nullopt);

  const auto profile = profiles.create(tenants_.customer_a1.id, "Office", "{}", std::nullopt, 10);
  groups.set_profile(*license.main_group_id, profile.id);
  EXPECT_EQ(devices.find_for_checkin(device.token_hash)->profile_revision, 1);
  profiles.add_revision(profile.id, R"({"a":1})", std::nullopt, 20);
  EXPECT_EQ(devices.find_for_checkin(device.token_hash)->profile_revision, 2);
  groups.set_profile(*license.main_group_id, std::nullopt);
  EXPECT_EQ(devices.find_for_checkin(device.token_hash)->profile_revision, std::nullopt);

  EXPECT_FALSE(devices.find_for_checkin(hash_token("unknown")));
}

TEST_P(DeviceStoresTest, SetTokenReplacesTheDeviceCredential) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  devices.set_token(device.id, hash_token("fresh"));
  EXPECT_FALSE(devices.find_for_checkin(device.token_hash));
  const auto context = devices.find_for_checkin(hash_token("fresh"));
  ASSERT_TRUE(context);
  EXPECT_EQ(context->device.id, device.id);
}

TEST_P(DeviceStoresTest, SaveReportWritesTheReportedFieldsOnly) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  core::Device device = create_device(license, "m-1", "old-name");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  core::Device report = device;
  report.hostname = "new-name";
  report.ip = "10.1.2.3";
  report.domain = "d.example";
  report.os_name = "Windows 10 Pro";
  report.os_version = "22H2";
  report.os_build = "19045";
  report.client_version = "3.3.0";
  report.infections = 9;
  report.realtime_on = false;
  report.updates_on = false;
  report.settings_revision = 5;
  report.settings_applied_at = 2500;
  report.last_contact_at = 3000;
  report.status_flags = 0x2a;
  // Not part of a report: ignored by save_report.
  report.machine_id = "changed";
  report.description = "changed";
  report.active = false;
  report.first_contact_at = 1;
  devices.save_report(report, device);

  const auto saved = *devices.find(operator_scope(), device.id);
  EXPECT_EQ(saved.hostname, "new-name");
  EXPECT_EQ(saved.ip, "10.1.2.3");
  EXPECT_EQ(saved.domain, "d.example");
  EXPECT_EQ(saved.os_name, "Windows 10 Pro");
  EXPECT_EQ(saved.os_version, "22H2");
  EXPECT_EQ(saved.os_build, "19045");
  EXPECT_EQ(saved.client_version, "3.3.0");
  EXPECT_EQ(saved.infections, 9);
  EXPECT_FALSE(saved.realtime_on);
  EXPECT_FALSE(saved.updates_on);
  EXPECT_EQ(saved.settings_revision, 5);
  EXPECT_EQ(saved.settings_applied_at, 2500);
  EXPECT_EQ(saved.last_contact_at, 3000);
  EXPECT_EQ(saved.status_flags, 0x2a);
  EXPECT_EQ(saved.machine_id, "m-1");
  EXPECT_EQ(saved.description, "");
  EXPECT_TRUE(saved.active);
  EXPECT_EQ(saved.first_contact_at, 1000);

  report.settings_applied_at = std::nullopt;
  devices.save_report(report, saved);
  EXPECT_EQ(devices.find(operator_scope(), device.id)->settings_applied_at, std::nullopt);
}

TEST_P(DeviceStoresTest, FindForCheckinsReadsSeveralTokensLikeOneByOne) {
  const auto license = make_license(tenants_.customer_a1, 200, "key-1");
  std::vector<std::string> token_hashes;
  for (int i = 0; i < 70; ++i) {
    token_hashes.push_back(create_device(license, "m-" + std::to_string(i)).token_hash);
  }
  queue_command(create_device(license, "m-commands").id, "scan", 100);
  token_hashes.push_back(device_of(license, "m-commands").token_hash);
  token_hashes.push_back(hash_token("unknown"));
  token_hashes.push_back(token_hashes.front());
  // Commands in any other status than outstanding or running are not waiting for the device.
  const core::Id finished = create_device(license, "m-finished").id;
  for (const auto status : {ActionStatus::created, ActionStatus::waiting, ActionStatus::completed,
                            ActionStatus::aborted}) {
    queue_command(finished, "scan", 100, status);
  }
  token_hashes.push_back(device_of(license, "m-finished").token_hash);
  queue_command(create_device(license, "m-running").id, "scan", 100, ActionStatus::running);
  token_hashes.push_back(device_of(license, "m-running").token_hash);
  auto connection = database_->acquire();
  DeviceStore devices(*connection);

  const auto contexts = devices.find_for_checkins(
      std::vector<std::string_view>(token_hashes.begin(), token_hashes.end()));
  ASSERT_EQ(contexts.size(), token_hashes.size());
  for (std::size_t i = 0; i < token_hashes.size(); ++i) {
    const auto single = devices.find_for_checkin(token_hashes[i]);
    ASSERT_EQ(contexts[i].has_value(), single.has_value()) << i;
    if (!single) continue;
    EXPECT_EQ(contexts[i]->device.id, single->device.id);
    EXPECT_EQ(contexts[i]->device.token_hash, token_hashes[i]);
    EXPECT_EQ(contexts[i]->device.machine_id, single->device.machine_id);
    EXPECT_EQ(contexts[i]->profile_revision, single->profile_revision);
    EXPECT_EQ(contexts[i]->has_unfinished_commands, single->has_unfinished_commands);
  }
  EXPECT_FALSE(contexts[71]) << "unknown token";
  EXPECT_EQ(contexts[72]->device.id, contexts[0]->device.id) << "a token twice";
  EXPECT_FALSE(contexts[0]->has_unfinished_commands);
  EXPECT_TRUE(contexts[70]->has_unfinished_commands) << "outstanding";
  EXPECT_FALSE(contexts[73]->has_unfinished_commands) << "created, waiting, completed, aborted";
  EXPECT_TRUE(contexts[74]->has_unfinished_commands) << "running";
  EXPECT_TRUE(devices.find_for_checkins({}).empty());
}

TEST_P(DeviceStoresTest, SaveReportsWritesEachDeviceLikeSaveReport) {
  const auto license = make_license(tenants_.customer_a1, 200, "key-1");
  std::vector<ReportChange> reports;
  for (int i = 0; i < 70; ++i) {
    const auto device = create_device(license, "m-" + std::to_string(i), "PC-" + std::to_string(i));
    core::Device report = device;
    report.ip = "10.0.0." + std::to_string(i);
    report.domain = i % 2 == 0 ? "" : "corp.example";
    report.os_name = "Windows 11 Pro";
    report.os_version = "24H2";
    report.os_build = "26100." + std::to_string(i);
    report.client_version = "3.3." + std::to_string(i);
    report.infections = i;
    report.realtime_on = i % 3 != 0;
    report.updates_on = i % 5 != 0;
    report.settings_revision = i % 4;
    report.settings_applied_at =
        i % 4 == 0 ? std::nullopt : std::optional<core::UnixTime>(2000 + i);
    report.last_contact_at = i % 7 == 0 ? 200000 : 3000 + i;
    report.status_flags = i % 6 == 0 ? 0x2 : 0;
    report.hostname = i % 10 == 0 ? "renamed-" + std::to_string(i) : device.hostname;
    report.description = "ignored";
    reports.push_back({report, device});
  }
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  devices.save_reports(reports);
  devices.save_reports({});

  for (const ReportChange& report : reports) {
    const auto saved = *devices.find(operator_scope(), report.device.id);
    const core::Device& expected = report.device;
    EXPECT_EQ(saved.ip, expected.ip);
    EXPECT_EQ(saved.domain, expected.domain);
    EXPECT_EQ(saved.os_name, expected.os_name);
    EXPECT_EQ(saved.os_version, expected.os_version);
    EXPECT_EQ(saved.os_build, expected.os_build);
    EXPECT_EQ(saved.client_version, expected.client_version);
    EXPECT_EQ(saved.infections, expected.infections);
    EXPECT_EQ(saved.realtime_on, expected.realtime_on);
    EXPECT_EQ(saved.updates_on, expected.updates_on);
    EXPECT_EQ(saved.settings_revision, expected.settings_revision);
    EXPECT_EQ(saved.settings_applied_at, expected.settings_applied_at);
    EXPECT_EQ(saved.last_contact_at, expected.last_contact_at);
    EXPECT_EQ(saved.status_flags, expected.status_flags);
    EXPECT_EQ(saved.hostname, expected.hostname);
    EXPECT_EQ(saved.description, "");
  }
  EXPECT_EQ(devices.count_same_hostname(license.id, "RENAMED-10", 0), 1);
}

TEST_P(DeviceStoresTest, SetActiveAndStatusFlags) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  const auto bystander = create_device(license, "m-2");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  devices.set_active(device.id, false, 4000);
  auto found = *devices.find(operator_scope(), device.id);
  EXPECT_FALSE(found.active);
  EXPECT_EQ(found.deactivated_at, 4000);
  devices.set_active(device.id, true, std::nullopt);
  found = *devices.find(operator_scope(), device.id);
  EXPECT_TRUE(found.active);
  EXPECT_EQ(found.deactivated_at, std::nullopt);

  devices.set_status_flags(device.id, 0x812);
  EXPECT_EQ(devices.find(operator_scope(), device.id)->status_flags, 0x812);
  EXPECT_EQ(devices.find(operator_scope(), bystander.id)->status_flags, 0);
  EXPECT_TRUE(devices.find(operator_scope(), bystander.id)->active);
}

TEST_P(DeviceStoresTest, CountSameHostnameIgnoresCaseAndTheDeviceItself) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto other_license = make_license(tenants_.customer_a1, 10, "key-2");
  const auto first = create_device(license, "m-1", "PC-Lager");
  create_device(license, "m-2", "pc-lager");
  create_device(license, "m-3", "PC-LAGER");
  create_device(license, "m-4", "PC-Lager-2");
  create_device(other_license, "m-5", "PC-Lager");
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  EXPECT_EQ(devices.count_same_hostname(license.id, "PC-Lager", first.id), 2);
  EXPECT_EQ(devices.count_same_hostname(license.id, "pc-LAGER", 0), 3);
  EXPECT_EQ(devices.count_same_hostname(license.id, "PC-Lager-2", 0), 1);
  EXPECT_EQ(devices.count_same_hostname(license.id, "PC-Lage", 0), 0);
  EXPECT_EQ(devices.count_same_hostname(other_license.id, "PC-LAGER", 0), 1);
}

// Host names are UTF-8 (device_report.hpp), and "any letter case" must mean the same on both
// engines, or the review status of a device depends on the database it is stored in.
// Host names fold ASCII letters only, the same on both engines (SQL lower() differs:
// SQLite folds ASCII only, PostgreSQL every letter of its locale).
TEST_P(DeviceStoresTest, CountSameHostnameFoldsAsciiLettersAlikeOnBothEngines) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  create_device(license, "m-1",
                "B\xc3\x9c"
                "RO-1");  // "BÜRO-1"
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  EXPECT_EQ(devices.count_same_hostname(license.id,
                                        "b\xc3\x9c"
                                        "ro-1",
                                        0),
            1);  // "bÜro-1": ASCII letters in another case
  EXPECT_EQ(devices.count_same_hostname(license.id,
                                        "b\xc3\xbc"
                                        "ro-1",
                                        0),
            0);  // "büro-1": Ü and ü are different characters on both engines
}

TEST_P(DeviceStoresTest, RemoveDeletesTheDeviceAndRemembersItsToken) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  const auto kept = create_device(license, "m-2");
  queue_command(device.id, "scan", 100);
  auto connection = database_->acquire();
  DeviceStore devices(*connection);
  EXPECT_FALSE(devices.is_deleted_token(device.token_hash));
  {
    Transaction transaction(*connection);
    devices.remove(device.id, 5000);
    transaction.commit();
  }
  EXPECT_FALSE(devices.find(operator_scope(), device.id));
  EXPECT_FALSE(devices.find_for_checkin(device.token_hash));
  EXPECT_FALSE(devices.find_by_machine(license.id, "m-1"));
  EXPECT_TRUE(devices.is_deleted_token(device.token_hash));
  EXPECT_FALSE(devices.is_deleted_token(kept.token_hash));
  EXPECT_FALSE(devices.is_deleted_token(hash_token("never issued")));
  EXPECT_TRUE(devices.find(operator_scope(), kept.id));
  EXPECT_TRUE(DeviceCommandStore(*connection).list_by_device(device.id).empty());
  // The machine may activate again later as a new device.
  EXPECT_NO_THROW(devices.create(device_of(license, "m-1")));
}

TEST_P(DeviceStoresTest, PageForEvaluationWalksAllDevicesByIdWithTheirProfileRevision) {
  const auto with_profile = make_license(tenants_.customer_a1, 10, "key-1");
  const auto without_profile = make_license(tenants_.customer_b1, 10, "key-2");
  std::vector<core::Id> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(
        create_device(i % 2 == 0 ? with_profile : without_profile, "m-" + std::to_string(i)).id);
  }
  auto connection = database_->acquire();
  const auto profile =
      ProfileStore(*connection).create(tenants_.customer_a1.id, "P", "{}", std::nullopt, 10);
  GroupStore(*connection).set_profile(*with_profile.main_group_id, profile.id);
  DeviceStore devices(*connection);

  std::vector<core::Id> walked;
  core::Id after = 0;
  for (;;) {
    const auto page = devices.page_for_evaluation(after, 2);
    EXPECT_LE(page.size(), 2u);
    for (const auto& context : page) {
      walked.push_back(context.device.id);
      const bool has_profile = context.device.license_id == with_profile.id;
      EXPECT_EQ(context.profile_revision,
                has_profile ? std::optional<std::int64_t>(1) : std::nullopt);
    }
    if (page.size() < 2) break;
    after = page.back().device.id;
  }
  EXPECT_EQ(walked, ids);
  EXPECT_TRUE(devices.page_for_evaluation(ids.back(), 10).empty());
  const auto one = devices.page_for_evaluation(ids[2] - 1, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].device.id, ids[2]);
}

TEST_P(DeviceStoresTest, DeliverHandsOutUnfinishedCommandsUntilTheyAreFinished) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  const auto first = queue_command(device.id, "scan", 100);
  const auto second = queue_command(device.id, "apply_settings", 110);
  auto connection = database_->acquire();
  DeviceCommandStore commands(*connection);

  auto delivered = commands.deliver(device.id, 500);
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0].id, first.id);
  EXPECT_EQ(delivered[1].id, second.id);
  for (const auto& command : delivered) {
    EXPECT_EQ(command.status, ActionStatus::running);
    EXPECT_EQ(command.delivered_at, 500);
  }
  EXPECT_EQ(delivered[0].payload, R"({"scan_type":"quick"})");
  EXPECT_EQ(commands.list_by_device(device.id)[0].status, ActionStatus::running);

  // Not acknowledged: delivered again, keeping the time of the first delivery.
  const auto third = queue_command(device.id, "deactivate", 600);
  delivered = commands.deliver(device.id, 700);
  ASSERT_EQ(delivered.size(), 3u);
  EXPECT_EQ(delivered[0].delivered_at, 500);
  EXPECT_EQ(delivered[1].delivered_at, 500);
  EXPECT_EQ(delivered[2].id, third.id);
  EXPECT_EQ(delivered[2].delivered_at, 700);
  EXPECT_EQ(commands.list_by_device(device.id)[0].delivered_at, 500);

  ASSERT_TRUE(commands.finish(device.id, first.id, true, "done", 800));
  delivered = commands.deliver(device.id, 900);
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0].id, second.id);
  EXPECT_EQ(delivered[1].id, third.id);
}

TEST_P(DeviceStoresTest, FinishRecordsCompletedOrAbortedOnlyOnceAndOnlyForTheOwnDevice) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  const auto stranger = create_device(license, "m-2");
  const auto ok = queue_command(device.id, "scan", 100);
  const auto failing = queue_command(device.id, "scan", 100);
  const auto unanswered = queue_command(device.id, "scan", 100);
  auto connection = database_->acquire();
  DeviceCommandStore commands(*connection);
  commands.deliver(device.id, 200);

  EXPECT_FALSE(commands.finish(stranger.id, ok.id, true, "forged", 250));
  EXPECT_FALSE(commands.finish(device.id, ok.id + 1000, true, "unknown", 250));

  const auto completed = commands.finish(device.id, ok.id, true, "no threats", 300);
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->status, ActionStatus::completed);
  EXPECT_EQ(completed->completed_at, 300);
  EXPECT_EQ(completed->message, "no threats");
  EXPECT_EQ(completed->delivered_at, 200);
  EXPECT_FALSE(commands.finish(device.id, ok.id, false, "repeat", 310));

  const auto aborted = commands.finish(device.id, failing.id, false, "disk error", 320);
  ASSERT_TRUE(aborted);
  EXPECT_EQ(aborted->status, ActionStatus::aborted);
  EXPECT_EQ(aborted->message, "disk error");
  EXPECT_FALSE(commands.finish(device.id, failing.id, true, "late", 330));

  // Still outstanding (queued after the delivery) counts as unfinished too.
  const auto late = queue_command(device.id, "scan", 340);
  EXPECT_EQ(commands.finish(device.id, late.id, true, "", 350)->status, ActionStatus::completed);

  const auto all = commands.list_by_device(device.id);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].status, ActionStatus::completed);
  EXPECT_EQ(all[0].message, "no threats");
  EXPECT_EQ(all[1].status, ActionStatus::aborted);
  EXPECT_EQ(all[1].message, "disk error");
  EXPECT_EQ(all[2].id, unanswered.id);
  EXPECT_EQ(all[2].status, ActionStatus::running);
  EXPECT_EQ(all[3].status, ActionStatus::completed);
  EXPECT_TRUE(commands.list_by_device(stranger.id).empty());
}

TEST_P(DeviceStoresTest, AbortOverdueAbortsOnlyCommandsWaitingTooLong) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  const auto other = create_device(license, "m-2");
  const auto running_early = queue_command(device.id, "scan", 100);
  auto connection = database_->acquire();
  DeviceCommandStore commands(*connection);
  commands.deliver(device.id, 150);  // running since 150
  const auto outstanding_old = queue_command(other.id, "scan", 120);
  const auto outstanding_new = queue_command(device.id, "scan", 400);
  const auto done = queue_command(other.id, "scan", 50);
  commands.finish(other.id, done.id, true, "", 60);

  auto aborted = commands.abort_overdue(/*queued_before=*/200, /*delivered_before=*/100, 1000);
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].id, outstanding_old.id);
  EXPECT_EQ(aborted[0].status, ActionStatus::aborted);
  EXPECT_EQ(aborted[0].completed_at, 1000);
  EXPECT_EQ(aborted[0].message, "no answer from the device in time");

  aborted = commands.abort_overdue(/*queued_before=*/200, /*delivered_before=*/151, 1100);
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].id, running_early.id);

  EXPECT_TRUE(commands.abort_overdue(200, 151, 1200).empty());
  const auto remaining = commands.list_by_device(device.id);
  ASSERT_EQ(remaining.size(), 2u);
  EXPECT_EQ(remaining[1].id, outstanding_new.id);
  EXPECT_EQ(remaining[1].status, ActionStatus::outstanding);
  EXPECT_EQ(commands.list_by_device(other.id)[1].status, ActionStatus::completed);
}

TEST_P(DeviceStoresTest, SettingsAreSetReadAndOverwritten) {
  auto connection = database_->acquire();
  SettingsStore settings(*connection);
  EXPECT_EQ(settings.get("stale_days"), std::nullopt);
  EXPECT_TRUE(settings.all().empty());
  settings.set("stale_days", "7");
  settings.set("os_eol_calendar", R"({"entries":[]})");
  settings.set("stale_days", "14");
  EXPECT_EQ(settings.get("stale_days"), "14");
  EXPECT_EQ(settings.get("STALE_DAYS"), std::nullopt);
  const std::map<std::string, std::string> expected = {{"os_eol_calendar", R"({"entries":[]})"},
                                                       {"stale_days", "14"}};
  EXPECT_EQ(settings.all(), expected);
  settings.set("empty", "");
  EXPECT_EQ(settings.get("empty"), "");
}

TEST_P(DeviceStoresTest, ProfileRevisionsCountUpPerProfile) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  auto connection = database_->acquire();
  ProfileStore profiles(*connection);
  const auto office =
      profiles.create(tenants_.customer_a1.id, "Office", R"({"v":1})", std::nullopt, 100);
  EXPECT_GT(office.id, 0);
  EXPECT_EQ(office.current_revision, 1);
  EXPECT_EQ(office.owner_company_id, tenants_.customer_a1.id);
  EXPECT_EQ(office.name, "Office");
  EXPECT_EQ(profiles.add_revision(office.id, R"({"v":2})", std::nullopt, 200), 2);
  EXPECT_EQ(profiles.add_revision(office.id, R"({"v":3})", std::nullopt, 300), 3);
  const auto lab =
      profiles.create(tenants_.customer_a1.id, "Lab", R"({"lab":true})", std::nullopt, 400);
  EXPECT_EQ(lab.current_revision, 1);

  EXPECT_EQ(profiles.current_for_group(*license.main_group_id), std::nullopt);
  GroupStore(*connection).set_profile(*license.main_group_id, office.id);
  auto current = profiles.current_for_group(*license.main_group_id);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->profile_id, office.id);
  EXPECT_EQ(current->revision, 3);
  EXPECT_EQ(current->settings, R"({"v":3})");
  EXPECT_EQ(current->created_at, 300);
  EXPECT_EQ(current->created_by, std::nullopt);

  GroupStore(*connection).set_profile(*license.main_group_id, lab.id);
  current = profiles.current_for_group(*license.main_group_id);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->revision, 1);
  EXPECT_EQ(current->settings, R"({"lab":true})");
  EXPECT_EQ(profiles.current_for_group(*license.main_group_id + 1000), std::nullopt);
}

TEST_P(DeviceStoresTest, GroupSetProfileAssignsAndRemovesOnlyThatGroupsProfile) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  auto connection = database_->acquire();
  GroupStore groups(*connection);
  const auto sub = groups.create_subgroup(*license.main_group_id, "Lager", 100);
  const auto profile =
      ProfileStore(*connection).create(tenants_.customer_a1.id, "P", "{}", std::nullopt, 10);
  groups.set_profile(sub.id, profile.id);
  EXPECT_EQ(groups.find(operator_scope(), sub.id)->profile_id, profile.id);
  // Not inherited: the main group keeps having none.
  EXPECT_EQ(groups.find(operator_scope(), *license.main_group_id)->profile_id, std::nullopt);
  groups.set_profile(sub.id, std::nullopt);
  EXPECT_EQ(groups.find(operator_scope(), sub.id)->profile_id, std::nullopt);
}

TEST_P(DeviceStoresTest, ActionLogCountSinceCountsOneActionOfOneLicenseFromATime) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto other = make_license(tenants_.customer_a1, 10, "key-2");
  log_entry(license, std::nullopt, "device.activated", 100);
  log_entry(license, std::nullopt, "device.activated", 200);
  log_entry(license, std::nullopt, "device.activated", 300);
  log_entry(license, std::nullopt, "device.reactivated", 300);
  log_entry(other, std::nullopt, "device.activated", 300);
  auto connection = database_->acquire();
  ActionLogStore log(*connection);
  EXPECT_EQ(log.count_since(license.id, "device.activated", 0), 3);
  EXPECT_EQ(log.count_since(license.id, "device.activated", 200), 2);  // inclusive
  EXPECT_EQ(log.count_since(license.id, "device.activated", 201), 1);
  EXPECT_EQ(log.count_since(license.id, "device.activated", 301), 0);
  EXPECT_EQ(log.count_since(license.id, "device.reactivated", 0), 1);
  EXPECT_EQ(log.count_since(other.id, "device.activated", 0), 1);
  EXPECT_EQ(log.count_since(license.id, "device.deleted", 0), 0);
}

TEST_P(DeviceStoresTest, ActionLogListByDeviceIsNewestFirstAndLimited) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  const auto other = create_device(license, "m-2");
  const auto a = log_entry(license, device.id, "device.activated", 100);
  const auto b = log_entry(license, device.id, "device.scan", 300);
  const auto c = log_entry(license, device.id, "device.deactivate", 200);
  const auto d = log_entry(license, device.id, "device.reactivated", 300);
  log_entry(license, other.id, "device.activated", 400);
  log_entry(license, std::nullopt, "license.issued", 500);
  auto connection = database_->acquire();
  ActionLogStore log(*connection);
  const auto entries = log.list_by_device(device.id);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].id, d.id);  // same time: the later entry first
  EXPECT_EQ(entries[1].id, b.id);
  EXPECT_EQ(entries[2].id, c.id);
  EXPECT_EQ(entries[3].id, a.id);
  EXPECT_EQ(entries[3].action, "device.activated");
  EXPECT_EQ(entries[3].actor, "Client");
  EXPECT_EQ(entries[3].device_id, device.id);
  const auto limited = log.list_by_device(device.id, 2);
  ASSERT_EQ(limited.size(), 2u);
  EXPECT_EQ(limited[1].id, b.id);
  EXPECT_TRUE(log.list_by_device(device.id + 1000).empty());
}

TEST_P(DeviceStoresTest, ActionLogEntriesOutliveTheirDevice) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const auto device = create_device(license, "m-1");
  log_entry(license, device.id, "device.activated", 100);
  auto connection = database_->acquire();
  DeviceStore(*connection).remove(device.id, 200);
  EXPECT_EQ(ActionLogStore(*connection).list_by_device(device.id).size(), 1u);
}

TEST_P(DeviceStoresTest, SeatsOfMspLicensesAreUnlimitedAndNeverGoBelowZero) {
  const auto msp = make_license(tenants_.customer_a1, std::nullopt, "key-msp");
  const auto purchase = make_license(tenants_.customer_a1, 1, "key-1");
  auto connection = database_->acquire();
  LicenseStore licenses(*connection);
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(licenses.try_take_seat(msp.id));
  EXPECT_EQ(licenses.find(operator_scope(), msp.id)->seats_used, 25);
  EXPECT_FALSE(licenses.release_seat(purchase.id));
  EXPECT_EQ(licenses.find(operator_scope(), purchase.id)->seats_used, 0);
  EXPECT_TRUE(licenses.try_take_seat(purchase.id));
  EXPECT_FALSE(licenses.try_take_seat(purchase.id));
  EXPECT_TRUE(licenses.release_seat(purchase.id));
  EXPECT_FALSE(licenses.try_take_seat(purchase.id + 1000));
}

// Device ids matching the device-list search for `q` as `scope` sees them, in the list of
// all devices or of one license.
std::vector<core::Id> search(Database& database, const core::TenantScope& scope,
                             const std::string& q,
                             std::optional<core::Id> license_id = std::nullopt) {
  auto connection = database.acquire();
  Params params;
  std::string condition =
      device_search_condition(connection->engine(), q, scope, license_id, params);
  if (license_id) condition += " AND d.license_id = " + bind(params, *license_id);
  std::vector<core::Id> ids;
  for (const Row& row : connection->query(
           "SELECT d.id FROM devices d WHERE " + condition + " ORDER BY d.id", params)) {
    ids.push_back(row.int64(0));
  }
  return ids;
}

TEST_P(DeviceStoresTest, SearchFindsEveryFieldCaseInsensitivelyAndWildcardsLiterally) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  core::Device first = device_of(license, "m-1", "PC-Empfang");
  first.ip = "192.168.10.23";
  first.domain = "Praxis.local";
  first.description = "Rabatt 50%_Aktion";
  core::Device second = device_of(license, "m-2", "Labor*1");
  second.ip = "10.0.0.5";
  {
    auto connection = database_->acquire();
    first = DeviceStore(*connection).create(first);
    second = DeviceStore(*connection).create(second);
  }
  const auto scope = TenantScope::of(tenants_.reseller_a);
  using Ids = std::vector<core::Id>;
  // All devices (trigram index) and one license's devices (scanned on SQLite) alike.
  for (const std::optional<core::Id> within :
       {std::optional<core::Id>(), std::optional(license.id)}) {
    SCOPED_TRACE(within ? "within the license" : "all devices");
    EXPECT_EQ(search(*database_, scope, "empfang", within), Ids{first.id});
    EXPECT_EQ(search(*database_, scope, "PC-EMP", within), Ids{first.id});
    EXPECT_EQ(search(*database_, scope, "168.10", within), Ids{first.id});
    EXPECT_EQ(search(*database_, scope, "praxis.LOCAL", within), Ids{first.id});
    EXPECT_EQ(search(*database_, scope, "50%_a", within), Ids{first.id});
    EXPECT_EQ(search(*database_, scope, "0%", within), Ids{first.id}) << "% is no wildcard";
    EXPECT_EQ(search(*database_, scope, "r*1", within), Ids{second.id}) << "* is no wildcard";
    EXPECT_EQ(search(*database_, scope, "bor?1", within), Ids{}) << "? is no wildcard";
    EXPECT_EQ(search(*database_, scope, "pc", within), Ids{first.id}) << "shorter than a trigram";
    EXPECT_EQ(search(*database_, scope, "x'; DROP TABLE devices; --", within), Ids{});
    // The group name (the main group is named after nothing here: the license's main group).
    EXPECT_EQ(search(*database_, scope, "Main", within).size(), 2u);
  }
}

TEST_P(DeviceStoresTest, SearchFollowsChangedAndDeletedDevices) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const core::Device device = create_device(license, "m-1", "PC-ALT");
  const auto scope = TenantScope::of(tenants_.reseller_a);
  {
    auto connection = database_->acquire();
    core::Device renamed = device;
    renamed.hostname = "PC-NEU";
    DeviceStore(*connection).save_report(renamed, device);
  }
  EXPECT_EQ(search(*database_, scope, "pc-alt").size(), 0u);
  EXPECT_EQ(search(*database_, scope, "pc-neu"), std::vector<core::Id>{device.id});
  {
    auto connection = database_->acquire();
    connection->execute("DELETE FROM device_commands WHERE device_id = $1", {device.id});
    connection->execute("DELETE FROM devices WHERE id = $1", {device.id});
  }
  EXPECT_EQ(search(*database_, scope, "pc-neu").size(), 0u);
}

// A check-in sets only the columns that changed: the search index follows a changed address
// or domain alone and ignores changes of other columns. On SQLite the index itself no longer
// holds the old address (the triggers gave it the right old text to delete), and FTS5's
// integrity check passes.
TEST_P(DeviceStoresTest, SearchFollowsReportsThatChangeOnlySomeFields) {
  const auto license = make_license(tenants_.customer_a1, 10, "key-1");
  const core::Device device = create_device(license, "m-1", "PC-1");
  const auto scope = TenantScope::of(tenants_.reseller_a);
  core::Device stored = device;
  const auto save = [&](const std::function<void(core::Device&)>& change) {
    core::Device report = stored;
    change(report);
    auto connection = database_->acquire();
    DeviceStore(*connection).save_report(report, stored);
    stored = report;
  };
  save([](core::Device& d) { d.ip = "172.16.99.7"; });
  EXPECT_EQ(search(*database_, scope, "16.99"), std::vector<core::Id>{device.id});
  save([](core::Device& d) { d.last_contact_at += 60; d.infections = 3; });
  EXPECT_EQ(search(*database_, scope, "16.99"), std::vector<core::Id>{device.id});
  save([](core::Device& d) { d.domain = "Werk-Nord.local"; });
  EXPECT_EQ(search(*database_, scope, "werk-nord"), std::vector<core::Id>{device.id});
  EXPECT_EQ(search(*database_, scope, "16.99"), std::vector<core::Id>{device.id});
  save([](core::Device& d) { d.ip = "10.9.9.9"; });
  EXPECT_EQ(search(*database_, scope, "16.99").size(), 0u);
  EXPECT_EQ(search(*database_, scope, "16.99", license.id).size(), 0u);
  EXPECT_EQ(search(*database_, scope, "10.9.9", license.id), std::vector<core::Id>{device.id});
  const auto saved = *DeviceStore(*database_->acquire()).find(operator_scope(), device.id);
  EXPECT_EQ(saved.infections, 3);
  EXPECT_EQ(saved.last_contact_at, device.last_contact_at + 60);
  EXPECT_EQ(saved.domain, "Werk-Nord.local");
  if (GetParam() == Engine::sqlite) {
    auto connection = database_->acquire();
    const auto indexed = [&](const char* match) {
      return connection->query_one("SELECT count(*) FROM device_search WHERE device_search MATCH $1",
                                   {std::string(match)})
          ->int64(0);
    };
    EXPECT_EQ(indexed(R"("16." AND "6.9" AND ".99")"), 0);
    EXPECT_EQ(indexed(R"("10." AND "0.9" AND ".9.")"), 1);
    EXPECT_EQ(indexed(R"("wer" AND "rk-" AND "nor")"), 1);
    connection->execute(
        "INSERT INTO device_search(device_search, rank) VALUES ('integrity-check', 1)");
  }
}

TEST_P(DeviceStoresTest, SearchOfGroupNamesStaysInTheScope) {
  const auto license = make_license(tenants_.customer_b1, 10, "key-b");
  create_device(license, "m-1", "PC-B");
  EXPECT_EQ(search(*database_, TenantScope::of(tenants_.reseller_a), "main").size(), 0u);
  EXPECT_EQ(search(*database_, TenantScope::of(tenants_.reseller_b), "main").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeviceStoresTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
