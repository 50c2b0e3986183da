#include "core/status_messages.hpp"

#include <gtest/gtest.h>

#include <set>

namespace keyward::core {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;

DeviceStatus with_key(FilterKey key, StatusParameters parameters = {}) {
  return DeviceStatus{category_of(key), 20, key, std::move(parameters)};
}

std::vector<DeviceStatus> every_status() {
  std::vector<DeviceStatus> statuses = {
      DeviceStatus{StatusCategory::device, 10, std::nullopt, {}},
      DeviceStatus{StatusCategory::settings, 10, std::nullopt, {.date = sys_days{2026y / 1 / 5}}},
      DeviceStatus{StatusCategory::settings, 10, std::nullopt, {}}};
  for (const FilterKey key : kAllFilterKeys) statuses.push_back(with_key(key));
  return statuses;
}

TEST(StatusMessages, EveryStatusHasEnglishAndGermanText) {
  for (const DeviceStatus& status : every_status()) {
    const StatusText en = status_text(status, Language::en);
    const StatusText de = status_text(status, Language::de);
    const std::string name = status.key ? std::string(to_string(*status.key)) : "ok";
    for (const StatusText* text : {&en, &de}) {
      EXPECT_FALSE(text->message.empty()) << name;
      EXPECT_FALSE(text->explanation.empty()) << name;
      EXPECT_FALSE(text->action.empty()) << name;
    }
    EXPECT_NE(en.message, de.message) << name;
    EXPECT_NE(en.action, de.action) << name;
  }
}

TEST(StatusMessages, MessagesAreFilledWithTheParameters) {
  const auto message = [](FilterKey key, StatusParameters parameters, Language language) {
    return status_text(with_key(key, std::move(parameters)), language).message;
  };
  EXPECT_EQ(message(FilterKey::unknown, {.days_without_contact = 9}, Language::en),
            "No contact for 9 days");
  EXPECT_EQ(message(FilterKey::unknown, {.days_without_contact = 9}, Language::de),
            "Seit 9 Tagen kein Kontakt");
  EXPECT_EQ(message(FilterKey::unknown, {.days_without_contact = 1}, Language::en),
            "No contact for 1 day");
  EXPECT_EQ(message(FilterKey::threatened, {.threat_count = 3}, Language::en), "3 threats found");
  EXPECT_EQ(message(FilterKey::threatened, {.threat_count = 3}, Language::de),
            "3 Bedrohungen gefunden");
  EXPECT_EQ(message(FilterKey::threatened, {.threat_count = 1}, Language::en), "1 threat found");
  EXPECT_EQ(message(FilterKey::obsolete, {.version = "3.1.0"}, Language::en),
            "Version 3.1.0 is not current");
  EXPECT_EQ(message(FilterKey::obsolete, {.version = "3.1.0"}, Language::de),
            "Version 3.1.0 ist nicht aktuell");
  EXPECT_EQ(message(FilterKey::deactivated, {.date = sys_days{2026y / 11 / 2}}, Language::en),
            "Deactivated on 2026-11-02");
  EXPECT_EQ(message(FilterKey::deactivated, {.date = sys_days{2026y / 11 / 2}}, Language::de),
            "Deaktiviert am 02.11.2026");
  EXPECT_EQ(
      message(FilterKey::eol, {.date = sys_days{2025y / 10 / 14}, .os_name = "Windows 10 22H2"},
              Language::en),
      "Microsoft ended support for Windows 10 22H2 on 2025-10-14");
  EXPECT_EQ(
      message(FilterKey::eol, {.date = sys_days{2025y / 10 / 14}, .os_name = "Windows 10 22H2"},
              Language::de),
      "Microsoft hat den Support für Windows 10 22H2 am 14.10.2025 beendet");

  const DeviceStatus applied{
      StatusCategory::settings, 10, std::nullopt, {.date = sys_days{2026y / 1 / 5}}};
  EXPECT_EQ(status_text(applied, Language::en).message, "Settings applied on 2026-01-05");
  EXPECT_EQ(status_text(applied, Language::de).message, "Einstellungen übernommen am 05.01.2026");
}

TEST(StatusMessages, ActionsNameTheRequiredVersion) {
  const DeviceStatus status =
      with_key(FilterKey::no_remote_settings, {.version = "2.9", .required_version = "3.0.0"});
  EXPECT_NE(status_text(status, Language::en).action.find("3.0.0"), std::string::npos);
  EXPECT_NE(status_text(status, Language::de).action.find("3.0.0"), std::string::npos);
  EXPECT_NE(status_text(status, Language::en).message.find("2.9"), std::string::npos);
}

TEST(StatusMessages, ComputedStatusReadsAsExpected) {
  DeviceFacts device;
  device.client_version = "3.2.34";
  device.last_contact_at = 0;
  const StatusReport report = compute_device_status(
      device, GroupFacts{.profile_revision = std::nullopt}, StatusPolicy{}, 9 * 86400 + 60);
  EXPECT_EQ(status_text(*report.worst(StatusCategory::device), Language::en).message,
            "No contact for 9 days");
  EXPECT_EQ(status_text(*report.worst(StatusCategory::settings), Language::de).message,
            "Die Gruppe des Geräts hat kein Konfigurationsprofil");
}

TEST(StatusMessages, EveryFilterKeyHasDistinctLabelsInBothLanguages) {
  std::set<std::string_view> english;
  std::set<std::string_view> german;
  for (const FilterKey key : kAllFilterKeys) {
    EXPECT_FALSE(filter_label(key, Language::en).empty()) << to_string(key);
    EXPECT_FALSE(filter_label(key, Language::de).empty()) << to_string(key);
    english.insert(filter_label(key, Language::en));
    german.insert(filter_label(key, Language::de));
  }
  EXPECT_EQ(english.size(), kAllFilterKeys.size());
  EXPECT_EQ(german.size(), kAllFilterKeys.size());
  EXPECT_EQ(filter_label(FilterKey::unknown, Language::de), "Kein Kontakt");
}

TEST(StatusMessages, DaysAreWrittenPerLanguage) {
  EXPECT_EQ(format_day(sys_days{2026y / 11 / 2}, Language::en), "2026-11-02");
  EXPECT_EQ(format_day(sys_days{2026y / 11 / 2}, Language::de), "02.11.2026");
}

}  // namespace
}  // namespace keyward::core
