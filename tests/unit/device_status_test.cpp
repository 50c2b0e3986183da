#include "core/device_status.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace keyward::core {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;

constexpr std::int64_t kDay = 86400;

std::int64_t unix_at(sys_days day) {
  return std::chrono::sys_seconds{day}.time_since_epoch().count();
}

class DeviceStatusTest : public ::testing::Test {
 protected:
  DeviceStatusTest() {
    policy_.current_client_version = Version::parse("3.2.34");
    policy_.os_eol = parse_os_eol_calendar(R"({"version": 1, "entries": [
        {"id": "windows-10-22h2", "name": "Windows 10 22H2", "family": "client",
         "product": "Windows 10", "release": "22H2", "builds": [19045, 19045],
         "end_of_support": "2025-10-14"},
        {"id": "windows-11-24h2", "name": "Windows 11 24H2", "family": "client",
         "product": "Windows 11", "release": "24H2", "builds": [26100, 26100],
         "end_of_support": "2026-10-13"}]})");
    device_.last_contact_at = now_ - 3600;
    device_.client_version = "3.2.34";
    device_.os = {"Windows 11 Pro", "24H2", "26100"};
    device_.applied_settings_revision = 4;
    device_.settings_applied_at = unix_at(2026y / 3 / 2) + 5000;
    group_.profile_revision = 4;
  }

  StatusReport compute() const { return compute_device_status(device_, group_, policy_, now_); }

  const std::int64_t now_ = unix_at(2026y / 3 / 10) + 12 * 3600;
  DeviceFacts device_;
  GroupFacts group_;
  StatusPolicy policy_;
};

std::vector<FilterKey> keys(const StatusReport& report) {
  std::vector<FilterKey> result;
  for (const auto& status : report.statuses) {
    if (status.key) result.push_back(*status.key);
  }
  return result;
}

TEST_F(DeviceStatusTest, HealthyDeviceIsUpToDateWithSettingsApplied) {
  const StatusReport report = compute();
  ASSERT_EQ(report.statuses.size(), 2u);
  EXPECT_EQ(report.statuses[0], (DeviceStatus{StatusCategory::device, 10, std::nullopt, {}}));
  EXPECT_EQ(report.statuses[1].category, StatusCategory::settings);
  EXPECT_EQ(report.statuses[1].code, 10);
  EXPECT_FALSE(report.statuses[1].key.has_value());
  EXPECT_EQ(report.statuses[1].parameters.date, sys_days{2026y / 3 / 2});
  EXPECT_EQ(report.flags, 0u);
  ASSERT_EQ(report.worst_per_category.size(), 2u);
  EXPECT_EQ(report.worst(StatusCategory::other), nullptr);
}

TEST_F(DeviceStatusTest, NoContactForMoreThanStaleDaysIsUnknown) {
  device_.last_contact_at = now_ - 9 * kDay - 100;
  const StatusReport report = compute();
  ASSERT_TRUE(report.has(FilterKey::unknown));
  const DeviceStatus* status = report.find(FilterKey::unknown);
  EXPECT_EQ(status->code, 20);
  EXPECT_EQ(status->category, StatusCategory::device);
  EXPECT_EQ(status->parameters.days_without_contact, 9);
  EXPECT_EQ(report.worst(StatusCategory::device)->key, FilterKey::unknown);
}

TEST_F(DeviceStatusTest, ExactlyStaleDaysIsStillInContactOneSecondMoreIsNot) {
  device_.last_contact_at = now_ - 7 * kDay;
  EXPECT_FALSE(compute().has(FilterKey::unknown));
  device_.last_contact_at = now_ - 7 * kDay - 1;
  const StatusReport report = compute();
  ASSERT_TRUE(report.has(FilterKey::unknown));
  EXPECT_EQ(report.find(FilterKey::unknown)->parameters.days_without_contact, 7);
}

TEST_F(DeviceStatusTest, StaleDaysComesFromThePolicy) {
  policy_.stale_days = 2;
  device_.last_contact_at = now_ - 3 * kDay;
  EXPECT_TRUE(compute().has(FilterKey::unknown));
}

TEST_F(DeviceStatusTest, InfectionsMakeTheDeviceThreatened) {
  device_.infections = 3;
  const StatusReport report = compute();
  const DeviceStatus* status = report.find(FilterKey::threatened);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->code, 30);
  EXPECT_EQ(status->parameters.threat_count, 3);
  EXPECT_EQ(keys(report), std::vector<FilterKey>{FilterKey::threatened});
}

TEST_F(DeviceStatusTest, ClientOlderThanTheCurrentReleaseIsObsolete) {
  device_.client_version = "3.1.0";
  const StatusReport report = compute();
  const DeviceStatus* status = report.find(FilterKey::obsolete);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->code, 20);
  EXPECT_EQ(status->parameters.version, "3.1.0");
  EXPECT_EQ(status->parameters.required_version, "3.2.34");
  EXPECT_FALSE(report.has(FilterKey::no_remote_settings));
}

TEST_F(DeviceStatusTest, CurrentOrNewerClientOrNoPublishedReleaseIsNotObsolete) {
  device_.client_version = "3.2.34.0";
  EXPECT_FALSE(compute().has(FilterKey::obsolete));
  device_.client_version = "3.3";
  EXPECT_FALSE(compute().has(FilterKey::obsolete));
  device_.client_version = "3.1.0";
  policy_.current_client_version.reset();
  EXPECT_FALSE(compute().has(FilterKey::obsolete));
}

TEST_F(DeviceStatusTest, DisabledRealtimeProtectionOrUpdatesIsInsecure) {
  device_.realtime_on = false;
  EXPECT_EQ(keys(compute()), std::vector<FilterKey>{FilterKey::insecure});
  device_.realtime_on = true;
  device_.updates_on = false;
  const StatusReport report = compute();
  EXPECT_EQ(keys(report), std::vector<FilterKey>{FilterKey::insecure});
  EXPECT_EQ(report.find(FilterKey::insecure)->code, 20);
}

TEST_F(DeviceStatusTest, DeactivatedDeviceCarriesTheDate) {
  device_.active = false;
  device_.deactivated_at = unix_at(2026y / 3 / 1) + 3600;
  const StatusReport report = compute();
  const DeviceStatus* status = report.find(FilterKey::deactivated);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->code, 40);
  EXPECT_EQ(status->parameters.date, sys_days{2026y / 3 / 1});
  EXPECT_EQ(report.worst(StatusCategory::device)->key, FilterKey::deactivated);
}

TEST_F(DeviceStatusTest, OperatingSystemPastEndOfSupportIsEol) {
  device_.os = {"Windows 10 Pro", "22H2", "19045"};
  const StatusReport report = compute();
  const DeviceStatus* status = report.find(FilterKey::eol);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->code, 20);
  EXPECT_EQ(status->parameters.date, sys_days{2025y / 10 / 14});
  EXPECT_EQ(status->parameters.os_name, "Windows 10 22H2");
}

TEST_F(DeviceStatusTest, UnknownOperatingSystemIsNotEol) {
  device_.os = {"ReactOS", "0.4", "1"};
  EXPECT_EQ(keys(compute()), std::vector<FilterKey>{});
}

TEST_F(DeviceStatusTest, AppliedRevisionDifferentFromTheProfileIsSettingsIncomplete) {
  device_.applied_settings_revision = 3;
  const StatusReport report = compute();
  const DeviceStatus* status = report.find(FilterKey::settings_incomplete);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->category, StatusCategory::settings);
  EXPECT_EQ(status->code, 20);
  EXPECT_EQ(report.statuses.size(), 2u) << "the settings OK row must not appear as well";
  device_.applied_settings_revision.reset();
  EXPECT_TRUE(compute().has(FilterKey::settings_incomplete));
}

TEST_F(DeviceStatusTest, GroupWithoutProfileIsProfileMissingNotIncomplete) {
  group_.profile_revision.reset();
  const StatusReport report = compute();
  EXPECT_EQ(keys(report), std::vector<FilterKey>{FilterKey::profile_missing});
  EXPECT_EQ(report.find(FilterKey::profile_missing)->code, 30);
}

TEST_F(DeviceStatusTest, ClientBelowRemoteSettingsMinimumGetsOnlyNoRemoteSettings) {
  device_.client_version = "2.9";
  group_.profile_revision.reset();
  const StatusReport report = compute();
  const DeviceStatus* status = report.find(FilterKey::no_remote_settings);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->code, 40);
  EXPECT_EQ(status->parameters.version, "2.9");
  EXPECT_EQ(status->parameters.required_version, "3.0.0");
  EXPECT_FALSE(report.has(FilterKey::profile_missing));
  EXPECT_FALSE(report.has(FilterKey::settings_incomplete));
  EXPECT_TRUE(report.has(FilterKey::obsolete));
}

TEST_F(DeviceStatusTest, ClientAtTheRemoteSettingsMinimumSupportsRemoteSettings) {
  device_.client_version = "3.0";
  EXPECT_FALSE(compute().has(FilterKey::no_remote_settings));
}

TEST_F(DeviceStatusTest, HostnameSharedWithinTheLicenseNeedsReview) {
  device_.hostname_shared_in_license = true;
  const StatusReport report = compute();
  ASSERT_TRUE(report.has(FilterKey::review));
  EXPECT_EQ(report.find(FilterKey::review)->code, 50);
  EXPECT_EQ(report.find(FilterKey::review)->category, StatusCategory::other);
  EXPECT_EQ(report.worst(StatusCategory::other)->key, FilterKey::review);
}

TEST_F(DeviceStatusTest, AllNotificationsMutedIsMuted) {
  device_.muted = MuteLevel::all;
  EXPECT_EQ(keys(compute()), std::vector<FilterKey>{FilterKey::muted});
}

TEST_F(DeviceStatusTest, SomeNotificationsMutedIsPartlyMuted) {
  device_.muted = MuteLevel::some;
  EXPECT_EQ(keys(compute()), std::vector<FilterKey>{FilterKey::partly_muted});
}

TEST_F(DeviceStatusTest, DeactivatedAndThreatenedBothApplyAndDeactivatedIsWorst) {
  device_.active = false;
  device_.infections = 2;
  device_.realtime_on = false;
  const StatusReport report = compute();
  EXPECT_EQ(keys(report), (std::vector<FilterKey>{FilterKey::threatened, FilterKey::deactivated}))
      << "insecure does not apply to a device the portal deactivated";
  EXPECT_EQ(report.worst(StatusCategory::device)->key, FilterKey::deactivated);
  EXPECT_EQ(report.flags, flag_of(FilterKey::threatened) | flag_of(FilterKey::deactivated));
}

TEST_F(DeviceStatusTest, EolAndObsoleteBothApplyFirstTableRowIsWorst) {
  device_.os = {"Windows 10 Pro", "22H2", "19045"};
  device_.client_version = "3.1.0";
  const StatusReport report = compute();
  EXPECT_EQ(keys(report), (std::vector<FilterKey>{FilterKey::obsolete, FilterKey::eol}));
  EXPECT_EQ(report.worst(StatusCategory::device)->key, FilterKey::obsolete);
}

TEST_F(DeviceStatusTest, MutedAndReviewBothApply) {
  device_.muted = MuteLevel::all;
  device_.hostname_shared_in_license = true;
  const StatusReport report = compute();
  EXPECT_EQ(keys(report), (std::vector<FilterKey>{FilterKey::review, FilterKey::muted}));
  EXPECT_EQ(report.flags, flag_of(FilterKey::review) | flag_of(FilterKey::muted));
  ASSERT_EQ(report.worst_per_category.size(), 3u);
  EXPECT_EQ(report.worst(StatusCategory::other)->key, FilterKey::review);
}

TEST_F(DeviceStatusTest, UnparseableClientVersionCountsAsTooOld) {
  device_.client_version = "garbage";
  const StatusReport report = compute();
  EXPECT_TRUE(report.has(FilterKey::obsolete));
  EXPECT_TRUE(report.has(FilterKey::no_remote_settings));
}

TEST_F(DeviceStatusTest, WorstPerCategoryTakesTheHighestCode) {
  device_.infections = 1;
  device_.last_contact_at = now_ - 30 * kDay;
  device_.realtime_on = false;
  const StatusReport report = compute();
  EXPECT_EQ(report.worst(StatusCategory::device)->key, FilterKey::threatened);
  EXPECT_EQ(report.worst(StatusCategory::settings)->code, 10);
}

TEST(StatusFlags, BitNumbersAreStable) {
  // Stored in an indexed column: changing a number corrupts existing rows.
  EXPECT_EQ(bit_of(FilterKey::unknown), 0);
  EXPECT_EQ(bit_of(FilterKey::threatened), 1);
  EXPECT_EQ(bit_of(FilterKey::obsolete), 2);
  EXPECT_EQ(bit_of(FilterKey::insecure), 3);
  EXPECT_EQ(bit_of(FilterKey::deactivated), 4);
  EXPECT_EQ(bit_of(FilterKey::eol), 5);
  EXPECT_EQ(bit_of(FilterKey::settings_incomplete), 6);
  EXPECT_EQ(bit_of(FilterKey::profile_missing), 7);
  EXPECT_EQ(bit_of(FilterKey::no_remote_settings), 8);
  EXPECT_EQ(bit_of(FilterKey::review), 9);
  EXPECT_EQ(bit_of(FilterKey::muted), 10);
  EXPECT_EQ(bit_of(FilterKey::partly_muted), 11);
  EXPECT_EQ(flag_of(FilterKey::eol), 32u);
}

TEST(StatusFlags, KeyBitAndStringConvertBothWays) {
  for (const FilterKey key : kAllFilterKeys) {
    EXPECT_EQ(parse_filter_key(to_string(key)), key);
    EXPECT_EQ(filter_key_from_bit(bit_of(key)), key);
    EXPECT_EQ(filter_keys_of(flag_of(key)), std::vector<FilterKey>{key});
  }
  EXPECT_EQ(to_string(FilterKey::settings_incomplete), "settings_incomplete");
  EXPECT_EQ(category_of(FilterKey::review), StatusCategory::other);
  EXPECT_EQ(to_string(StatusCategory::settings), "settings");
}

TEST(StatusFlags, UnknownFilterKeysAreInvalidRequests) {
  for (const char* text : {"", "EOL", "partly muted", "up_to_date", "unknown "}) {
    try {
      parse_filter_key(text);
      ADD_FAILURE() << '"' << text << '"';
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
    }
  }
  EXPECT_THROW(filter_key_from_bit(12), Error);
  EXPECT_THROW(filter_key_from_bit(-1), Error);
  EXPECT_THROW(filter_keys_of(StatusFlags{1} << 12), Error);
}

TEST(StatusFlags, CommaSeparatedFilter) {
  EXPECT_EQ(parse_status_filter(""), 0u);
  EXPECT_EQ(parse_status_filter("unknown,eol"),
            flag_of(FilterKey::unknown) | flag_of(FilterKey::eol));
  EXPECT_EQ(filter_keys_of(parse_status_filter("muted,threatened")),
            (std::vector<FilterKey>{FilterKey::threatened, FilterKey::muted}));
  EXPECT_THROW(parse_status_filter("unknown,"), Error);
  EXPECT_THROW(parse_status_filter("unknown,bogus"), Error);
}

TEST(StatusTable, CodesAndCategoryNamesFollowTheTable) {
  EXPECT_EQ(code_of(FilterKey::deactivated), 40);
  EXPECT_EQ(code_of(FilterKey::threatened), 30);
  EXPECT_EQ(code_of(FilterKey::unknown), 20);
  EXPECT_EQ(code_of(FilterKey::review), 50);
  EXPECT_EQ(parse_status_category("settings"), StatusCategory::settings);
  EXPECT_EQ(parse_status_category("Settings"), std::nullopt);
  EXPECT_EQ(parse_status_category("threats"), std::nullopt);
}

}  // namespace
}  // namespace keyward::core
