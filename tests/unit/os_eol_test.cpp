#include "core/os_eol.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace keyward::core {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using namespace std::chrono_literals;

std::int64_t unix_at(sys_days day, std::chrono::seconds offset = 0s) {
  return (std::chrono::sys_seconds{day} + offset).time_since_epoch().count();
}

const OsEolCalendar& shipped() {
  static const OsEolCalendar calendar = [] {
    std::ifstream file(std::string(KEYWARD_SOURCE_DIR) + "/data/os_eol.json");
    std::stringstream text;
    text << file.rdbuf();
    return parse_os_eol_calendar(text.str());
  }();
  return calendar;
}

std::string matched_id(const OsInfo& os) {
  const OsEolEntry* entry = match_os(os, shipped());
  return entry == nullptr ? "<none>" : entry->id;
}

std::string error_of(std::string_view json) {
  try {
    parse_os_eol_calendar(json);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
    return error.what();
  }
  return "<no error>";
}

std::string calendar_with_entry(std::string_view entry) {
  return R"({"version": 1, "entries": [{"id": "first", "name": "Windows 7", "family": "client",
      "product": "Windows 7", "end_of_support": "2020-01-14"}, )" +
         std::string(entry) + "]}";
}

TEST(OsEol, ShippedCalendarParsesAndRoundTrips) {
  const OsEolCalendar& calendar = shipped();
  EXPECT_GE(calendar.entries.size(), 40u);
  EXPECT_FALSE(calendar.note.empty());
  EXPECT_EQ(parse_os_eol_calendar(serialize_os_eol_calendar(calendar)), calendar);
}

TEST(OsEol, Windows10_22H2EndsAfterTheFourteenthOfOctober2025) {
  const OsInfo os{"Windows 10 Pro", "22H2", "19045"};
  const sys_days end = 2025y / 10 / 14;
  const EolVerdict last_day = is_end_of_life(os, shipped(), unix_at(end, 23h + 59min + 59s));
  ASSERT_NE(last_day.entry, nullptr);
  EXPECT_EQ(last_day.entry->id, "windows-10-22h2");
  EXPECT_EQ(last_day.entry->end_of_support, end);
  EXPECT_FALSE(last_day.end_of_life);
  EXPECT_TRUE(is_end_of_life(os, shipped(), unix_at(end + days{1})).end_of_life);
}

TEST(OsEol, Windows10EditionsAndOlderReleases) {
  EXPECT_EQ(matched_id({"Windows 10 Enterprise", "22H2", "19045"}), "windows-10-22h2");
  EXPECT_EQ(matched_id({"Windows 10 Pro", "21H2", "19044"}), "windows-10-21h2");
  EXPECT_EQ(matched_id({"Windows 10 Education", "21H2", "19044"}), "windows-10-21h2-enterprise");
  EXPECT_EQ(matched_id({"Windows 10 Enterprise LTSC 2021", "21H2", "19044"}),
            "windows-10-ltsc-2021");
  EXPECT_EQ(matched_id({"Windows 10 IoT Enterprise LTSC 2021", "21H2", "19044"}),
            "windows-10-iot-ltsc-2021");
  EXPECT_EQ(matched_id({"Windows 10 Enterprise 2016 LTSB", "1607", "14393"}),
            "windows-10-ltsb-2016");
  EXPECT_EQ(matched_id({"Windows 10 Pro", "1809", "17763"}), "windows-10-1809");
  EXPECT_EQ(matched_id({"Windows 10 Home", "1507", "10240"}), "windows-10-1507");
}

TEST(OsEol, Windows11ReleasesSplitByEdition) {
  EXPECT_EQ(matched_id({"Windows 11 Pro", "21H2", "22000"}), "windows-11-21h2");
  EXPECT_EQ(matched_id({"Windows 11 Pro", "22H2", "22621"}), "windows-11-22h2");
  EXPECT_EQ(matched_id({"Windows 11 Home", "23H2", "22631"}), "windows-11-23h2");
  EXPECT_EQ(matched_id({"Windows 11 Enterprise", "23H2", "22631"}), "windows-11-23h2-enterprise");
  // "Pro Education" contains "Education" but follows the Home/Pro timeline.
  EXPECT_EQ(matched_id({"Windows 11 Pro Education", "23H2", "22631"}),
            "windows-11-23h2-pro-education");
  EXPECT_EQ(matched_id({"Microsoft Windows 11 Pro", "24H2", "26100.2605"}), "windows-11-24h2");
  EXPECT_EQ(matched_id({"Windows 11 Enterprise LTSC 2024", "24H2", "26100"}),
            "windows-11-ltsc-2024");

  const OsInfo pro{"Windows 11 Pro", "23H2", "22631"};
  const OsInfo enterprise{"Windows 11 Enterprise", "23H2", "22631"};
  const std::int64_t between = unix_at(2026y / 1 / 1);
  EXPECT_TRUE(is_end_of_life(pro, shipped(), between).end_of_life);
  EXPECT_FALSE(is_end_of_life(enterprise, shipped(), between).end_of_life);
}

TEST(OsEol, BuildWinsOverAMisleadingName) {
  // Windows 11 keeps "Windows 10" in the registry product name.
  EXPECT_EQ(matched_id({"Windows 10 Pro", "23H2", "22631"}), "windows-11-23h2");
  EXPECT_EQ(matched_id({"Windows 10 Pro", "22H2", "22621"}), "windows-11-22h2");
}

TEST(OsEol, FallsBackToTheBuildWhenTheReleaseIsUnknown) {
  // 20H2 and later still report "2009" as release id.
  EXPECT_EQ(matched_id({"Windows 10 Pro", "2009", "19045.4529"}), "windows-10-22h2");
  EXPECT_EQ(matched_id({"Windows 10 Pro", "", "19045"}), "windows-10-22h2");
  EXPECT_EQ(matched_id({"Windows 10 Enterprise LTSC 2019", "", "17763"}), "windows-10-ltsc-2019");
}

TEST(OsEol, OlderClientProducts) {
  EXPECT_EQ(matched_id({"Windows 7 Professional", "6.1", "7601"}), "windows-7");
  EXPECT_EQ(matched_id({"Windows 8.1 Pro", "6.3", "9600"}), "windows-8.1");
  EXPECT_EQ(matched_id({"Windows 8 Pro", "6.2", "9200"}), "windows-8");
  EXPECT_TRUE(
      is_end_of_life({"Windows 7 Enterprise", "", "7601"}, shipped(), unix_at(2021y / 1 / 1))
          .end_of_life);
}

TEST(OsEol, ServerEditions) {
  EXPECT_EQ(matched_id({"Windows Server 2008 R2 Standard", "", "7601"}), "windows-server-2008-r2");
  EXPECT_EQ(matched_id({"Windows Server(R) 2008 Enterprise", "", "6002"}), "windows-server-2008");
  EXPECT_EQ(matched_id({"Windows Server 2012 Datacenter", "", "9200"}), "windows-server-2012");
  EXPECT_EQ(matched_id({"Windows Server 2012 R2 Standard", "", "9600"}), "windows-server-2012-r2");
  EXPECT_EQ(matched_id({"Windows Server 2016 Standard", "1607", "14393"}), "windows-server-2016");
  EXPECT_EQ(matched_id({"Windows Server 2019 Datacenter", "1809", "17763"}), "windows-server-2019");
  EXPECT_EQ(matched_id({"Windows Server 2022 Standard", "21H2", "20348"}), "windows-server-2022");
  // Same build as Windows 11 24H2: the family keeps them apart.
  EXPECT_EQ(matched_id({"Windows Server 2025 Standard", "24H2", "26100"}), "windows-server-2025");
  EXPECT_EQ(matched_id({"Windows Server Datacenter", "23H2", "25398"}), "windows-server-23h2");

  const std::int64_t now = unix_at(2026y / 6 / 1);
  EXPECT_TRUE(
      is_end_of_life({"Windows Server 2012 R2 Standard", "", "9600"}, shipped(), now).end_of_life);
  EXPECT_FALSE(
      is_end_of_life({"Windows Server 2019 Standard", "", "17763"}, shipped(), now).end_of_life);
}

TEST(OsEol, UnknownOsIsNotEndOfLife) {
  for (const OsInfo& os :
       {OsInfo{"Ubuntu 22.04 LTS", "22.04", "5.15"}, OsInfo{}, OsInfo{"Windows 12 Pro", "", ""},
        OsInfo{"Windows", "??", "abc"}, OsInfo{"Windows 10 Pro", "", "99999"}}) {
    const EolVerdict verdict = is_end_of_life(os, shipped(), unix_at(2040y / 1 / 1));
    EXPECT_EQ(verdict.entry, nullptr) << os.name;
    EXPECT_FALSE(verdict.end_of_life) << os.name;
  }
}

TEST(OsEol, MemoAnswersLikeMatchOsForEachReportedOs) {
  const std::vector<OsInfo> reports = {{"Windows 11 Pro", "24H2", "26100.2605"},
                                       {"Windows 11 Pro", "24H2", "26100.4061"},
                                       {"windows 11 pro", " 24H2 ", "26100"},
                                       {"Windows 11 Enterprise", "23H2", "22631"},
                                       {"Windows 10 Pro", "23H2", "22631"},
                                       {"Windows 10 Pro", "2009", "19045.4529"},
                                       {"Windows 10 Pro", "", "19045"},
                                       {"Windows Server 2025 Standard", "24H2", "26100"},
                                       {"Ubuntu 22.04 LTS", "22.04", "5.15"},
                                       {"Windows 10 Pro", "", "abc"},
                                       {"Windows 10 Pro", "", ""}};
  OsEolMemo memo;
  for (int round = 0; round < 2; ++round) {
    for (const OsInfo& os : reports) {
      EXPECT_EQ(memo.match(os, shipped()), match_os(os, shipped()))
          << os.name << " " << os.version << " " << os.build << " round " << round;
    }
  }
  OsEolCalendar edited = shipped();
  edited.entries.erase(edited.entries.begin(), edited.entries.end() - 1);
  memo.clear();
  for (const OsInfo& os : reports) EXPECT_EQ(memo.match(os, edited), match_os(os, edited));
}

TEST(OsEol, CalendarErrorsNameTheEntryAndMember) {
  EXPECT_NE(error_of("{").find("os_eol: is not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("os_eol: must be an object"), std::string::npos);
  EXPECT_NE(error_of(R"({"entries": []})").find("os_eol.version: is required"), std::string::npos);
  EXPECT_NE(error_of(R"({"version": 0, "entries": []})").find("os_eol.version"), std::string::npos);
  EXPECT_NE(error_of(R"({"version": 1, "entries": {}})").find("os_eol.entries: must be an array"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"version": 1, "entries": [], "extra": 1})").find("os_eol.extra"),
            std::string::npos);

  const std::string entry = R"({"id": "win-x", "name": "X", "family": "client",
      "product": "Windows X", )";
  EXPECT_NE(error_of(calendar_with_entry(entry + R"("end_of_support": "2025-02-30"})"))
                .find("os_eol.entries[1] (win-x).end_of_support: must be a date"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(entry + R"("end_of_suport": "2025-02-01"})"))
                .find("os_eol.entries[1] (win-x).end_of_suport: is not a known member"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(entry + R"("builds": [2, 1], "end_of_support":
                "2025-02-01"})"))
                .find("(win-x).builds"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(entry + R"("builds": [1], "end_of_support":
                "2025-02-01"})"))
                .find("(win-x).builds"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(entry + R"("editions": [""], "end_of_support":
                "2025-02-01"})"))
                .find("(win-x).editions"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(R"({"id": "win-x", "name": "X", "family": "phone",
                "product": "Windows X", "end_of_support": "2025-02-01"})"))
                .find("(win-x).family"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(R"({"name": "X", "family": "client",
                "product": "Windows X", "end_of_support": "2025-02-01"})"))
                .find("os_eol.entries[1].id: is required"),
            std::string::npos);
  EXPECT_NE(error_of(calendar_with_entry(R"({"id": "first", "name": "X", "family": "client",
                "product": "Windows X", "end_of_support": "2025-02-01"})"))
                .find("os_eol.entries[1] (first).id: is used by an earlier entry"),
            std::string::npos);
}

TEST(OsEol, EditedCalendarRoundTripsThroughJson) {
  OsEolCalendar calendar;
  calendar.version = 7;
  calendar.note = "edited by the operator";
  OsEolEntry entry;
  entry.id = "windows-12";
  entry.name = "Windows 12";
  entry.product = "Windows 12";
  entry.release = "26H2";
  entry.builds = BuildRange{30000, 30010};
  entry.editions = {"Enterprise", "Education"};
  entry.end_of_support = 2031y / 10 / 14;
  calendar.entries.push_back(entry);
  entry.id = "windows-server-2030";
  entry.name = "Windows Server 2030";
  entry.family = OsFamily::server;
  entry.product = "Windows Server 2030";
  entry.release.clear();
  entry.builds.reset();
  entry.editions.clear();
  calendar.entries.push_back(entry);

  const OsEolCalendar parsed = parse_os_eol_calendar(serialize_os_eol_calendar(calendar));
  EXPECT_EQ(parsed, calendar);
  EXPECT_EQ(match_os({"Windows 12 Education", "26H2", "30005"}, parsed), &parsed.entries[0]);
  EXPECT_EQ(match_os({"Windows Server 2030 Standard", "", ""}, parsed), &parsed.entries[1]);
}

}  // namespace
}  // namespace keyward::core
