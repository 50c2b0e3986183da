// Profile settings (core/profile_settings.hpp): one test per rule of SPEC.md §2, the
// normalised document devices receive, and secrets that never come back out.

#include "core/profile_settings.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "support/expect_error.hpp"

namespace keyward::core {
namespace {

namespace json = boost::json;

ProfileSettings parse(const std::string& text) { return parse_profile_settings(json::parse(text)); }

std::string error_of(const std::string& text) {
  return test::invalid_request_message([&] { parse(text); });
}

json::object device_json(const std::string& text, const StoredSecrets& previous = {}) {
  const ProfileSettings settings = parse(text);
  return device_settings_json(settings,
                              resolve_secrets(settings, previous, [](std::string_view password) {
                                return "hash:" + std::string(password);
                              }));
}

std::string repeated(char c, std::size_t n) { return std::string(n, c); }

// {"exclusions": {"<list>": [item]}}
std::string exclusion(const std::string& list, const std::string& item) {
  json::object exclusions;
  exclusions[list] = json::array{json::value(item)};
  return json::serialize(json::object{{"exclusions", std::move(exclusions)}});
}

TEST(ProfileSettings, AnEmptyDocumentTakesEveryDefault) {
  EXPECT_EQ(json::value(device_json("{}")), json::parse(R"({
    "email_protection": true, "spam_protection": true,
    "autoscan": {"mode": "weekly", "weekday": 1, "time": "12:00"},
    "scan_type": "quick", "settings_password": null,
    "notifications": {"on_infection": true, "on_update_failure": true,
                      "on_protection_disabled": true, "on_scan_completed": false},
    "exclusions": {"paths": [], "processes": [], "max_file_size_mb": 0},
    "updates": {"automatic_product_updates": true, "proxy": null}})"));
}

TEST(ProfileSettings, TheDocumentMustBeAnObject) {
  EXPECT_EQ(error_of("[]"), "settings: must be a JSON object");
  EXPECT_EQ(error_of("true"), "settings: must be a JSON object");
}

TEST(ProfileSettings, UnknownMembersAreNamedAtEveryLevel) {
  EXPECT_EQ(error_of(R"({"realtime": true})"), "settings.realtime: is not a known field");
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "off", "hour": 3}})"),
            "settings.autoscan.hour: is not a known field");
  EXPECT_EQ(error_of(R"({"notifications": {"on_reboot": true}})"),
            "settings.notifications.on_reboot: is not a known field");
  EXPECT_EQ(error_of(R"({"exclusions": {"extensions": []}})"),
            "settings.exclusions.extensions: is not a known field");
  EXPECT_EQ(error_of(R"({"updates": {"channel": "beta"}})"),
            "settings.updates.channel: is not a known field");
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"host": "p", "port": 1, "scheme": "http"}}})"),
            "settings.updates.proxy.scheme: is not a known field");
}

TEST(ProfileSettings, ProtectionFlagsAreBooleans) {
  EXPECT_FALSE(parse(R"({"email_protection": false})").email_protection);
  EXPECT_FALSE(parse(R"({"spam_protection": false})").spam_protection);
  EXPECT_EQ(error_of(R"({"email_protection": "yes"})"),
            "settings.email_protection: must be true or false");
  EXPECT_EQ(error_of(R"({"spam_protection": 0})"),
            "settings.spam_protection: must be true or false");
}

TEST(ProfileSettings, AutoscanModesAreAnEnum) {
  EXPECT_EQ(parse(R"({"autoscan": {"mode": "off"}})").autoscan.mode, AutoscanMode::off);
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "hourly", "time": "10:00"}})"),
            "settings.autoscan.mode: must be one of off, daily, weekly, monthly");
  EXPECT_EQ(error_of(R"({"autoscan": {"time": "10:00"}})"), "settings.autoscan.mode: is required");
  EXPECT_EQ(error_of(R"({"autoscan": "daily"})"), "settings.autoscan: must be a JSON object");
}

TEST(ProfileSettings, DailyAutoscanNeedsATimeAndNothingElse) {
  EXPECT_EQ(json::value(
                device_json(R"({"autoscan": {"mode": "daily", "time": "23:59"}})").at("autoscan")),
            json::parse(R"({"mode": "daily", "time": "23:59"})"));
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "daily"}})"), "settings.autoscan.time: is required");
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "daily", "time": "10:00", "weekday": 2}})"),
            "settings.autoscan.weekday: is only for weekly autoscan");
}

TEST(ProfileSettings, WeeklyAutoscanNeedsAWeekdayFromMondayToSunday) {
  EXPECT_EQ(
      parse(R"({"autoscan": {"mode": "weekly", "weekday": 7, "time": "08:00"}})").autoscan.weekday,
      7);
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "weekly", "weekday": 0, "time": "08:00"}})"),
            "settings.autoscan.weekday: must be between 1 and 7");
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "weekly", "weekday": 8, "time": "08:00"}})"),
            "settings.autoscan.weekday: must be between 1 and 7");
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "weekly", "time": "08:00"}})"),
            "settings.autoscan.weekday: is required");
  EXPECT_EQ(
      error_of(
          R"({"autoscan": {"mode": "weekly", "weekday": 1, "day_of_month": 1, "time": "08:00"}})"),
      "settings.autoscan.day_of_month: is only for monthly autoscan");
}

TEST(ProfileSettings, MonthlyAutoscanTakesDays1To31) {
  const auto last =
      device_json(R"({"autoscan": {"mode": "monthly", "day_of_month": 31, "time": "02:30"}})");
  EXPECT_EQ(json::value(last.at("autoscan")),
            json::parse(R"({"mode": "monthly", "day_of_month": 31, "time": "02:30"})"));
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "monthly", "day_of_month": 32, "time": "02:30"}})"),
            "settings.autoscan.day_of_month: must be between 1 and 31");
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "monthly", "day_of_month": 0, "time": "02:30"}})"),
            "settings.autoscan.day_of_month: must be between 1 and 31");
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "monthly", "time": "02:30"}})"),
            "settings.autoscan.day_of_month: is required");
  EXPECT_EQ(
      error_of(
          R"({"autoscan": {"mode": "monthly", "day_of_month": 1, "weekday": 1, "time": "02:30"}})"),
      "settings.autoscan.weekday: is only for weekly autoscan");
}

TEST(ProfileSettings, AutoscanOffTakesNoSchedule) {
  EXPECT_EQ(json::value(device_json(R"({"autoscan": {"mode": "off"}})").at("autoscan")),
            json::parse(R"({"mode": "off"})"));
  EXPECT_EQ(error_of(R"({"autoscan": {"mode": "off", "time": "10:00"}})"),
            "settings.autoscan.time: is only for a scheduled autoscan");
}

TEST(ProfileSettings, TheScanTimeIsHoursAndMinutes) {
  for (const char* time : {"00:00", "09:05", "23:59"}) {
    EXPECT_EQ(parse(std::string(R"({"autoscan": {"mode": "daily", "time": ")") + time + "\"}}")
                  .autoscan.time,
              time);
  }
  for (const char* time :
       {"24:00", "12:60", "7:30", "07:3", "0730", "07-30", "ab:cd", "07:30:00"}) {
    const std::string message =
        error_of(std::string(R"({"autoscan": {"mode": "daily", "time": ")") + time + "\"}}");
    EXPECT_TRUE(message.starts_with("settings.autoscan.time: ")) << time << ": " << message;
  }
}

TEST(ProfileSettings, ScanTypesAreTheFourOfTheSpec) {
  for (const char* type : {"quick", "system_partition", "complete", "removable_media"}) {
    EXPECT_EQ(to_string(parse(std::string(R"({"scan_type": ")") + type + "\"}").scan_type), type);
  }
  EXPECT_EQ(error_of(R"({"scan_type": "deep"})"),
            "settings.scan_type: must be one of quick, system_partition, complete, "
            "removable_media");
  EXPECT_EQ(error_of(R"({"scan_type": 1})"),
            "settings.scan_type: must be one of quick, system_partition, complete, "
            "removable_media");
}

TEST(ProfileSettings, TheSettingsPasswordHas8To64Characters) {
  EXPECT_EQ(parse(R"({"settings_password": "12345678"})").settings_password.action,
            SecretChange::Action::set);
  EXPECT_EQ(parse(R"({"settings_password": ")" + repeated('x', 64) + "\"}").settings_password.value,
            repeated('x', 64));
  // Characters, not bytes: eight umlauts are sixteen bytes.
  EXPECT_EQ(parse(R"({"settings_password": "ääääääää"})").settings_password.action,
            SecretChange::Action::set);
  EXPECT_EQ(error_of(R"({"settings_password": "1234567"})"),
            "settings.settings_password: must have 8 to 64 characters");
  EXPECT_EQ(error_of(R"({"settings_password": ")" + repeated('x', 65) + "\"}"),
            "settings.settings_password: must have 8 to 64 characters");
  EXPECT_EQ(error_of(R"({"settings_password": "12345678\n"})"),
            "settings.settings_password: must not contain control characters");
  EXPECT_EQ(error_of(R"({"settings_password": 12345678})"),
            "settings.settings_password: must be a string, null or {\"set\": true|false}");
}

TEST(ProfileSettings, ASecretIsKeptClearedOrSet) {
  const StoredSecrets previous{"hash:old password", "proxy-old"};
  const auto with_proxy = [](const std::string& password) {
    return R"({"updates": {"proxy": {"host": "proxy.local", "port": 3128, "username": "u")" +
           password + "}}}";
  };
  EXPECT_EQ(stored_secrets(device_json(with_proxy(""), previous)).settings_password_hash,
            "hash:old password");
  EXPECT_EQ(stored_secrets(device_json(with_proxy(""), previous)).proxy_password, "proxy-old");
  EXPECT_EQ(stored_secrets(device_json(R"({"settings_password": {"set": true}})", previous))
                .settings_password_hash,
            "hash:old password");
  EXPECT_EQ(stored_secrets(device_json(R"({"settings_password": null})", previous))
                .settings_password_hash,
            std::nullopt);
  EXPECT_EQ(stored_secrets(device_json(R"({"settings_password": {"set": false}})", previous))
                .settings_password_hash,
            std::nullopt);
  EXPECT_EQ(stored_secrets(device_json(R"({"settings_password": "new password"})", previous))
                .settings_password_hash,
            "hash:new password");
  EXPECT_EQ(
      stored_secrets(device_json(with_proxy(R"(, "password": "pw")"), previous)).proxy_password,
      "pw");
  EXPECT_EQ(
      stored_secrets(device_json(with_proxy(R"(, "password": null)"), previous)).proxy_password,
      std::nullopt);
  // Without a proxy there is no proxy password to keep.
  EXPECT_EQ(stored_secrets(device_json("{}", previous)).proxy_password, std::nullopt);
  EXPECT_EQ(error_of(R"({"settings_password": {"set": "yes"}})"),
            "settings.settings_password.set: must be true or false");
  EXPECT_EQ(error_of(R"({"settings_password": {"value": "x"}})"),
            "settings.settings_password.value: is not a known field");
}

TEST(ProfileSettings, DevicesGetAHashOfTheSettingsPasswordAndThePortalOnlyWhetherOneIsSet) {
  const json::object stored = device_json(
      R"({"settings_password": "geheim123", "updates": {"proxy": {"host": "p.local", "port": 8080,
          "username": "svc", "password": "proxy secret"}}})");
  EXPECT_EQ(json::value(stored.at("settings_password")),
            json::parse(R"({"algorithm": "argon2id", "hash": "hash:geheim123"})"));
  EXPECT_EQ(stored.at("updates").at("proxy").at("password"), "proxy secret");

  const json::object portal = portal_settings_json(stored);
  EXPECT_EQ(json::value(portal.at("settings_password")), json::parse(R"({"set": true})"));
  EXPECT_EQ(json::value(portal.at("updates").at("proxy").at("password")),
            json::parse(R"({"set": true})"));
  EXPECT_EQ(json::serialize(portal).find("geheim123"), std::string::npos);
  EXPECT_EQ(json::serialize(portal).find("proxy secret"), std::string::npos);

  const json::object without = portal_settings_json(device_json("{}"));
  EXPECT_EQ(json::value(without.at("settings_password")), json::parse(R"({"set": false})"));
  EXPECT_TRUE(without.at("updates").at("proxy").is_null());
}

TEST(ProfileSettings, NotificationsAreBooleansPerEvent) {
  const auto notifications =
      device_json(R"({"notifications": {"on_infection": false, "on_scan_completed": true}})")
          .at("notifications");
  EXPECT_EQ(json::value(notifications), json::parse(R"({"on_infection": false,
    "on_update_failure": true, "on_protection_disabled": true, "on_scan_completed": true})"));
  EXPECT_EQ(error_of(R"({"notifications": {"on_infection": "always"}})"),
            "settings.notifications.on_infection: must be true or false");
}

TEST(ProfileSettings, ExcludedPathsAreAbsoluteWindowsOrEnvironmentPaths) {
  const auto paths = device_json(R"({"exclusions": {"paths": ["C:\\Temp", "d:/Backups/*.bak",
      "\\\\fileserver\\share\\scans", "%ProgramData%\\Vendor", "%ProgramFiles(x86)%",
      "E:\\Logs\\??.log"]}})")
                         .at("exclusions")
                         .at("paths");
  EXPECT_EQ(json::value(paths), json::parse(R"(["C:\\Temp", "d:\\Backups\\*.bak",
      "\\\\fileserver\\share\\scans", "%ProgramData%\\Vendor", "%ProgramFiles(x86)%",
      "E:\\Logs\\??.log"])"));
  for (const char* relative :
       {"Temp\\x", "\\Temp", "C:Temp", "\\\\server", "%%\\x", "%TEMP", "%TEMP%x", "CC:\\x"}) {
    const std::string message = error_of(exclusion("paths", relative));
    EXPECT_TRUE(
        message.starts_with("settings.exclusions.paths[0]: must be an absolute Windows "
                            "path"))
        << relative << ": " << message;
  }
}

TEST(ProfileSettings, ExcludedPathsRefuseForbiddenCharactersParentsAndDuplicates) {
  for (const char* bad : {"C:\\a<b", "C:\\a>b", "C:\\a\"b", "C:\\a|b", "C:\\a:b"}) {
    EXPECT_EQ(error_of(exclusion("paths", bad)),
              "settings.exclusions.paths[0]: must not contain < > : \" |")
        << bad;
  }
  EXPECT_EQ(error_of(R"({"exclusions": {"paths": ["C:\\Data\\..\\Windows"]}})"),
            "settings.exclusions.paths[0]: must not contain \"..\"");
  EXPECT_EQ(error_of(R"({"exclusions": {"paths": ["C:\\Data", "D:\\x", "c:/data"]}})"),
            "settings.exclusions.paths[2]: repeats settings.exclusions.paths[0]");
  EXPECT_EQ(error_of(R"({"exclusions": {"paths": [""]}})"),
            "settings.exclusions.paths[0]: must not be empty");
  EXPECT_EQ(error_of(R"({"exclusions": {"paths": [7]}})"),
            "settings.exclusions.paths[0]: must be a string");
  EXPECT_EQ(error_of(R"({"exclusions": {"paths": "C:\\Temp"}})"),
            "settings.exclusions.paths: must be an array");
}

TEST(ProfileSettings, ExcludedPathsHaveAtMost260CharactersAnd500Entries) {
  const std::string longest = "C:\\" + repeated('a', 257);
  EXPECT_EQ(parse(exclusion("paths", longest)).exclusions.paths.front(), longest);
  EXPECT_EQ(error_of(exclusion("paths", longest + "a")),
            "settings.exclusions.paths[0]: must have at most 260 characters");
  json::array many;
  for (int i = 0; i < 500; ++i) many.emplace_back("C:\\dir" + std::to_string(i));
  EXPECT_EQ(parse(json::serialize(json::object{{"exclusions", {{"paths", many}}}}))
                .exclusions.paths.size(),
            500u);
  many.emplace_back("C:\\one-too-many");
  EXPECT_EQ(error_of(json::serialize(json::object{{"exclusions", {{"paths", many}}}})),
            "settings.exclusions.paths: must have at most 500 entries");
}

TEST(ProfileSettings, ExcludedProcessesAreFileNames) {
  EXPECT_EQ(parse(R"({"exclusions": {"processes": ["backup.exe", "sqlservr.exe"]}})")
                .exclusions.processes.size(),
            2u);
  for (const char* bad : {"C:\\x.exe", "bin/x.exe", "*.exe", "x?.exe", "a:b", "..", "."}) {
    const std::string message = error_of(exclusion("processes", bad));
    EXPECT_TRUE(message.starts_with("settings.exclusions.processes[0]: "))
        << bad << ": " << message;
  }
  EXPECT_EQ(error_of(R"({"exclusions": {"processes": ["A.exe", "a.EXE"]}})"),
            "settings.exclusions.processes[1]: repeats settings.exclusions.processes[0]");
  EXPECT_EQ(error_of(exclusion("processes", repeated('p', 261))),
            "settings.exclusions.processes[0]: must have at most 260 characters");
  json::array many;
  for (int i = 0; i < 201; ++i) many.emplace_back("p" + std::to_string(i) + ".exe");
  EXPECT_EQ(error_of(json::serialize(json::object{{"exclusions", {{"processes", many}}}})),
            "settings.exclusions.processes: must have at most 200 entries");
}

TEST(ProfileSettings, TheFileSizeLimitIs0To4096Megabytes) {
  EXPECT_EQ(parse(R"({"exclusions": {"max_file_size_mb": 4096}})").exclusions.max_file_size_mb,
            4096);
  EXPECT_EQ(parse(R"({"exclusions": {"max_file_size_mb": 0}})").exclusions.max_file_size_mb, 0);
  EXPECT_EQ(error_of(R"({"exclusions": {"max_file_size_mb": 4097}})"),
            "settings.exclusions.max_file_size_mb: must be between 0 and 4096");
  EXPECT_EQ(error_of(R"({"exclusions": {"max_file_size_mb": -1}})"),
            "settings.exclusions.max_file_size_mb: must be between 0 and 4096");
  EXPECT_EQ(error_of(R"({"exclusions": {"max_file_size_mb": 1.5}})"),
            "settings.exclusions.max_file_size_mb: must be a whole number");
}

TEST(ProfileSettings, UpdatesCanNotBeDisabled) {
  EXPECT_EQ(error_of(R"({"updates": {"enabled": false}})"),
            "settings.updates.enabled: updates can not be disabled");
  EXPECT_FALSE(parse(R"({"updates": {"enabled": true}})").proxy.has_value());
  EXPECT_FALSE(
      parse(R"({"updates": {"automatic_product_updates": false}})").automatic_product_updates);
  // The device document has no member that could turn updates off.
  EXPECT_FALSE(device_json(R"({"updates": {"enabled": true}})")
                   .at("updates")
                   .as_object()
                   .contains("enabled"));
}

TEST(ProfileSettings, TheProxyNeedsAHostAndAPort) {
  const auto proxy = device_json(R"({"updates": {"proxy": {"host": "10.0.0.1", "port": 65535}}})")
                         .at("updates")
                         .at("proxy");
  EXPECT_EQ(json::value(proxy), json::parse(R"({"host": "10.0.0.1", "port": 65535,
                                                "username": "", "password": null})"));
  EXPECT_EQ(parse(R"({"updates": {"proxy": {"host": "[fe80::1]", "port": 1}}})").proxy->host,
            "[fe80::1]");
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"host": "p.local", "port": 0}}})"),
            "settings.updates.proxy.port: must be between 1 and 65535");
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"host": "p.local", "port": 65536}}})"),
            "settings.updates.proxy.port: must be between 1 and 65535");
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"port": 8080}}})"),
            "settings.updates.proxy.host: is required");
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"host": "p.local"}}})"),
            "settings.updates.proxy.port: is required");
  for (const char* host : {"http://p.local", "p.local:8080", "p local", "-p.local", "p.local."}) {
    const std::string message = error_of(
        json::serialize(json::object{{"updates", {{"proxy", {{"host", host}, {"port", 1}}}}}}));
    EXPECT_TRUE(message.starts_with("settings.updates.proxy.host: ")) << host << ": " << message;
  }
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"host": "p", "port": 1, "password": ""}}})"),
            "settings.updates.proxy.password: must have 1 to 256 characters");
  EXPECT_EQ(error_of(R"({"updates": {"proxy": {"host": "p", "port": 1, "username": 5}}})"),
            "settings.updates.proxy.username: must be a string");
}

TEST(ProfileSettings, ScanTypeNamesParseBack) {
  EXPECT_EQ(parse_scan_type("removable_media"), ScanType::removable_media);
  EXPECT_EQ(parse_scan_type("Quick"), std::nullopt);
}

}  // namespace
}  // namespace keyward::core
