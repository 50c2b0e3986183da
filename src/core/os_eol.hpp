#pragma once
// The operating-system end-of-life calendar: which Windows releases Microsoft no longer
// supports, and from when. The operator keeps it (data/os_eol.json is the shipped default and
// the API edits it), so this file only parses, validates, serialises and matches; it never
// reads files.
//
// Matching rule (match_os), designed around what Windows clients really report:
//  1. Family: a name containing the word "Server" is a server OS, any other name containing
//     "Windows" a client OS; anything else is unknown and never end of life. The family keeps
//     apart releases that share a build (Windows 11 24H2 and Server 2025 are both 26100).
//  2. Product and release: entries of the family whose product words ("Windows 10",
//     "Windows Server 2012 R2") appear in the name as consecutive words, and whose release
//     equals the reported version ignoring case (an entry without a release, such as
//     Windows 7 or a server, takes any version). If the reported build is a number and the
//     entry has a build range that does not contain it, the entry is dropped: the build is the
//     more reliable signal (Windows 11 machines whose registry name still says "Windows 10").
//     Only the entries with the longest product are kept, so "Windows Server 2012 R2"
//     beats "Windows Server 2012" for an R2 machine.
//  3. Build fallback: if steps 2 and 4 leave nothing, entries of the family whose build range
//     contains the build ("2009" as version, or no version at all, still resolves).
//  4. Edition: an entry with editions applies only if one of them appears in the name as
//     consecutive words; the entry whose matching edition has the most words wins ("IoT
//     Enterprise LTSC" over "Enterprise LTSC" over "Enterprise"). An entry without editions
//     applies to every other edition. Remaining ties go to the entry listed first.
// Words are compared without case; a word is a run of ASCII letters, digits and dots, so
// "Microsoft Windows 8.1 Pro" and "Windows Server(R) 2008 R2" split as expected.

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace keyward::core {

enum class OsFamily { client, server };

// What the device reports, unvalidated: any of the fields may be empty or odd.
struct OsInfo {
  std::string name;     // "Windows 10 Pro", "Microsoft Windows Server 2019 Standard"
  std::string version;  // "22H2", "1809", or empty
  std::string build;    // "19045" or "19045.4529"; only the number before the first dot counts
};

struct BuildRange {
  std::uint32_t min = 0;
  std::uint32_t max = 0;

  friend bool operator==(const BuildRange&, const BuildRange&) = default;
};

struct OsEolEntry {
  std::string id;    // unique, [a-z0-9.-]+, stable for the API
  std::string name;  // shown to users: "Windows 10 Enterprise LTSC 2021"
  OsFamily family = OsFamily::client;
  std::string product;  // words that identify the product in the reported name
  std::string release;  // "22H2"; empty: any version
  std::optional<BuildRange> builds;
  std::vector<std::string> editions;     // empty: every edition no other entry names
  std::chrono::sys_days end_of_support;  // the last day with security updates

  friend bool operator==(const OsEolEntry&, const OsEolEntry&) = default;
};

struct OsEolCalendar {
  std::int64_t version = 1;  // revision of the data, raised by the operator on each change
  std::string note;
  std::vector<OsEolEntry> entries;

  friend bool operator==(const OsEolCalendar&, const OsEolCalendar&) = default;
};

// Throws core::Error invalid_request naming the offending member, e.g.
// "os_eol.entries[3] (windows-10-22h2).end_of_support: must be a date YYYY-MM-DD". Unknown
// members are rejected too, so a misspelt field never silently loses data.
OsEolCalendar parse_os_eol_calendar(std::string_view json);
OsEolCalendar os_eol_calendar_from_json(const boost::json::value& json);

// The inverse of the parsers: parse_os_eol_calendar(serialize_os_eol_calendar(c)) == c.
boost::json::value os_eol_calendar_to_json(const OsEolCalendar& calendar);
std::string serialize_os_eol_calendar(const OsEolCalendar& calendar);

// The entry of `calendar` that describes `os` (see the rule above), or nullptr when the OS is
// not in the calendar. The pointer lives as long as the calendar.
const OsEolEntry* match_os(const OsInfo& os, const OsEolCalendar& calendar);

struct EolVerdict {
  const OsEolEntry* entry = nullptr;  // the matched entry, also when it is still supported
  bool end_of_life = false;
};

// End of life from 00:00 UTC of the day after the entry's end_of_support date, because that
// date is the last day Microsoft ships security updates. An unknown OS is not end of life:
// flagging what we cannot identify would bury the real findings.
EolVerdict is_end_of_life(const OsInfo& os, const OsEolCalendar& calendar,
                          std::int64_t now_unix_seconds);
// The same for the entry match_os found (nullptr: an unknown OS).
EolVerdict end_of_life_verdict(const OsEolEntry* entry, std::int64_t now_unix_seconds);

// Remembers match_os per reported OS for one calendar: a fleet reports few distinct operating
// systems, and every match walks the whole calendar. The calendar must outlive the memo and
// stay unchanged while the memo is used with it (clear() before using another one). Not
// thread-safe: one per thread, e.g. the check-in writer's.
class OsEolMemo {
 public:
  const OsEolEntry* match(const OsInfo& os, const OsEolCalendar& calendar);
  void clear() { entries_.clear(); }

 private:
  // Looked up by the key_ buffer as a view, so a hit allocates nothing.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  // A full memo starts over, so odd reports cannot grow it without bound.
  static constexpr std::size_t kMaxEntries = 4096;

  std::string key_;
  std::unordered_map<std::string, const OsEolEntry*, KeyHash, std::equal_to<>> entries_;
};

}  // namespace keyward::core
