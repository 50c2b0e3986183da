#include "core/os_eol.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::core {

namespace {

namespace json = boost::json;
// The words of a reported name, as views into it. Matching runs at every check-in against
// every calendar entry, so neither side is copied: calendar words are read in place.
using Words = std::vector<std::string_view>;

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
}

// The words of a text one at a time, in their original case.
class WordCursor {
 public:
  explicit WordCursor(std::string_view text) : rest_(text) {}
  // The next word, or an empty view after the last one.
  std::string_view next() {
    std::size_t start = 0;
    while (start < rest_.size() && !is_word_char(rest_[start])) ++start;
    std::size_t end = start;
    while (end < rest_.size() && is_word_char(rest_[end])) ++end;
    const std::string_view word = rest_.substr(start, end - start);
    rest_.remove_prefix(end);
    return word;
  }

 private:
  std::string_view rest_;
};

Words split_words(std::string_view text) {
  Words words;
  WordCursor cursor(text);
  for (auto word = cursor.next(); !word.empty(); word = cursor.next()) words.push_back(word);
  return words;
}

std::size_t word_count(std::string_view text) {
  std::size_t count = 0;
  WordCursor cursor(text);
  while (!cursor.next().empty()) ++count;
  return count;
}

// True when the words of `needle` (`needle_words` of them) appear in `haystack` as
// consecutive words, ignoring case.
bool contains_sequence(const Words& haystack, std::string_view needle, std::size_t needle_words) {
  if (needle_words == 0 || needle_words > haystack.size()) return false;
  for (std::size_t start = 0; start + needle_words <= haystack.size(); ++start) {
    WordCursor words(needle);
    bool equal = true;
    for (std::size_t i = 0; i < needle_words && equal; ++i) {
      equal = ascii_equal_ignoring_case(haystack[start + i], words.next());
    }
    if (equal) return true;
  }
  return false;
}

bool contains_word(const Words& words, std::string_view word) {
  for (const auto w : words) {
    if (ascii_equal_ignoring_case(w, word)) return true;
  }
  return false;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// "19045.4529" -> 19045: clients may append the update build revision.
std::optional<std::uint32_t> parse_build(std::string_view text) {
  text = trim(text);
  text = text.substr(0, text.find('.'));
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return value;
}

bool in_range(const BuildRange& range, std::uint32_t build) {
  return build >= range.min && build <= range.max;
}

// Word count of the longest edition of `entry` found in the name; 0 for an entry without
// editions; nullopt when the entry names editions and none of them is present.
std::optional<std::size_t> edition_specificity(const OsEolEntry& entry, const Words& name) {
  if (entry.editions.empty()) return 0;
  std::optional<std::size_t> best;
  for (const auto& edition : entry.editions) {
    const std::size_t words = word_count(edition);
    if (contains_sequence(name, edition, words) && (!best || words > *best)) best = words;
  }
  return best;
}

const OsEolEntry* pick_by_edition(const std::vector<const OsEolEntry*>& candidates,
                                  const Words& name) {
  const OsEolEntry* chosen = nullptr;
  std::size_t chosen_specificity = 0;
  for (const OsEolEntry* entry : candidates) {
    const auto specificity = edition_specificity(*entry, name);
    if (specificity && (chosen == nullptr || *specificity > chosen_specificity)) {
      chosen = entry;
      chosen_specificity = *specificity;
    }
  }
  return chosen;
}

// ---- JSON -------------------------------------------------------------------------------

std::string_view family_name(OsFamily family) {
  return family == OsFamily::server ? "server" : "client";
}

std::string format_day(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::optional<std::chrono::sys_days> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = 0; i < lengths[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const std::chrono::year_month_day ymd{std::chrono::year{parts[0]},
                                        std::chrono::month{static_cast<unsigned>(parts[1])},
                                        std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

// Reads one JSON object and names every problem with its full path.
class Reader {
 public:
  Reader(const json::value& value, std::string path) : path_(std::move(path)) {
    object_ = value.if_object();
    if (object_ == nullptr) throw invalid_request(path_, "must be an object");
  }

  void allow_only(std::initializer_list<std::string_view> names) const {
    for (const auto& member : *object_) {
      bool known = false;
      for (const auto name : names) known = known || member.key() == name;
      if (!known) throw invalid_request(field(member.key()), "is not a known member");
    }
  }

  const json::value* find(std::string_view name) const { return object_->if_contains(name); }

  const json::value& require(std::string_view name) const {
    const json::value* value = find(name);
    if (value == nullptr) throw invalid_request(field(name), "is required");
    return *value;
  }

  std::string string(std::string_view name, bool required) const {
    const json::value* value = required ? &require(name) : find(name);
    if (value == nullptr) return {};
    const json::string* text = value->if_string();
    if (text == nullptr) throw invalid_request(field(name), "must be a string");
    const std::string_view trimmed = trim(*text);
    if (required && trimmed.empty()) throw invalid_request(field(name), "must not be empty");
    return std::string(trimmed);
  }

  std::int64_t integer(const json::value& value, std::string_view name, std::int64_t min,
                       std::int64_t max) const {
    std::int64_t number = 0;
    if (const auto* i = value.if_int64()) {
      number = *i;
    } else if (const auto* u = value.if_uint64();
               u != nullptr && *u <= static_cast<std::uint64_t>(max)) {
      number = static_cast<std::int64_t>(*u);
    } else {
      throw invalid_request(field(name), "must be a whole number");
    }
    if (number < min || number > max) {
      throw invalid_request(
          field(name), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return number;
  }

  std::string field(std::string_view name) const { return path_ + "." + std::string(name); }

 private:
  const json::object* object_ = nullptr;
  std::string path_;
};

OsEolEntry read_entry(const json::value& value, std::size_t index) {
  std::string path = "os_eol.entries[" + std::to_string(index) + "]";
  // The id goes into the path first, so that every later message names the entry.
  if (const auto* object = value.if_object()) {
    if (const auto* id = object->if_contains("id"); id != nullptr && id->is_string()) {
      path += " (" + std::string(id->get_string()) + ")";
    }
  }
  const Reader reader(value, path);
  reader.allow_only(
      {"id", "name", "family", "product", "release", "builds", "editions", "end_of_support"});

  OsEolEntry entry;
  entry.id = reader.string("id", true);
  for (const char c : entry.id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
      throw invalid_request(reader.field("id"), "may only contain a-z, 0-9, '-' and '.'");
    }
  }
  entry.name = reader.string("name", true);

  const std::string family = reader.string("family", true);
  if (family == "client") {
    entry.family = OsFamily::client;
  } else if (family == "server") {
    entry.family = OsFamily::server;
  } else {
    throw invalid_request(reader.field("family"), "must be \"client\" or \"server\"");
  }

  entry.product = reader.string("product", true);
  if (word_count(entry.product) == 0) {
    throw invalid_request(reader.field("product"), "must contain a word");
  }
  entry.release = reader.string("release", false);

  if (const json::value* builds = reader.find("builds")) {
    const json::array* pair = builds->if_array();
    if (pair == nullptr || pair->size() != 2) {
      throw invalid_request(reader.field("builds"), "must be [first, last] build numbers");
    }
    constexpr std::int64_t kMaxBuild = std::numeric_limits<std::uint32_t>::max();
    BuildRange range;
    range.min = static_cast<std::uint32_t>(reader.integer((*pair)[0], "builds", 0, kMaxBuild));
    range.max = static_cast<std::uint32_t>(reader.integer((*pair)[1], "builds", 0, kMaxBuild));
    if (range.min > range.max) {
      throw invalid_request(reader.field("builds"), "first build is above the last");
    }
    entry.builds = range;
  }

  if (const json::value* editions = reader.find("editions")) {
    const json::array* list = editions->if_array();
    if (list == nullptr) throw invalid_request(reader.field("editions"), "must be an array");
    for (const auto& edition : *list) {
      const json::string* text = edition.if_string();
      if (text == nullptr || word_count(*text) == 0) {
        throw invalid_request(reader.field("editions"), "must hold non-empty strings");
      }
      entry.editions.emplace_back(trim(*text));
    }
  }

  const std::string date = reader.string("end_of_support", true);
  const auto day = parse_day(date);
  if (!day) throw invalid_request(reader.field("end_of_support"), "must be a date YYYY-MM-DD");
  entry.end_of_support = *day;
  return entry;
}

}  // namespace

OsEolCalendar os_eol_calendar_from_json(const json::value& value) {
  const Reader reader(value, "os_eol");
  reader.allow_only({"version", "note", "entries"});
  OsEolCalendar calendar;
  calendar.version = reader.integer(reader.require("version"), "version", 1,
                                    std::numeric_limits<std::int64_t>::max());
  calendar.note = reader.string("note", false);
  const json::array* entries = reader.require("entries").if_array();
  if (entries == nullptr) throw invalid_request("os_eol.entries", "must be an array");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    OsEolEntry entry = read_entry((*entries)[i], i);
    if (!ids.insert(entry.id).second) {
      throw invalid_request("os_eol.entries[" + std::to_string(i) + "] (" + entry.id + ").id",
                            "is used by an earlier entry");
    }
    calendar.entries.push_back(std::move(entry));
  }
  return calendar;
}

OsEolCalendar parse_os_eol_calendar(std::string_view text) {
  boost::system::error_code error;
  const json::value value = json::parse(json::string_view(text.data(), text.size()), error);
  if (error) throw invalid_request("os_eol", "is not valid JSON: " + error.message());
  return os_eol_calendar_from_json(value);
}

json::value os_eol_calendar_to_json(const OsEolCalendar& calendar) {
  json::array entries;
  for (const auto& entry : calendar.entries) {
    json::object object;
    object["id"] = entry.id;
    object["name"] = entry.name;
    object["family"] = family_name(entry.family);
    object["product"] = entry.product;
    if (!entry.release.empty()) object["release"] = entry.release;
    if (entry.builds) object["builds"] = json::array{entry.builds->min, entry.builds->max};
    if (!entry.editions.empty()) {
      json::array editions;
      for (const auto& edition : entry.editions) editions.emplace_back(edition);
      object["editions"] = std::move(editions);
    }
    object["end_of_support"] = format_day(entry.end_of_support);
    entries.emplace_back(std::move(object));
  }
  json::object root;
  root["version"] = calendar.version;
  if (!calendar.note.empty()) root["note"] = calendar.note;
  root["entries"] = std::move(entries);
  return root;
}

std::string serialize_os_eol_calendar(const OsEolCalendar& calendar) {
  return json::serialize(os_eol_calendar_to_json(calendar));
}

const OsEolEntry* match_os(const OsInfo& os, const OsEolCalendar& calendar) {
  const Words name = split_words(os.name);
  OsFamily family;
  if (contains_word(name, "server")) {
    family = OsFamily::server;
  } else if (contains_word(name, "windows")) {
    family = OsFamily::client;
  } else {
    return nullptr;
  }
  const std::optional<std::uint32_t> build = parse_build(os.build);
  const std::string_view release = trim(os.version);

  std::vector<const OsEolEntry*> candidates;
  std::size_t longest_product = 0;
  for (const auto& entry : calendar.entries) {
    // The cheap tests first: most entries differ in family, release or build.
    if (entry.family != family) continue;
    if (!entry.release.empty() && !ascii_equal_ignoring_case(entry.release, release)) continue;
    if (build && entry.builds && !in_range(*entry.builds, *build)) continue;
    const std::size_t product = word_count(entry.product);
    if (product < longest_product || !contains_sequence(name, entry.product, product)) continue;
    if (product > longest_product) {
      candidates.clear();
      longest_product = product;
    }
    candidates.push_back(&entry);
  }
  if (const OsEolEntry* chosen = pick_by_edition(candidates, name)) return chosen;
  if (!build) return nullptr;
  candidates.clear();
  for (const auto& entry : calendar.entries) {
    if (entry.family == family && entry.builds && in_range(*entry.builds, *build)) {
      candidates.push_back(&entry);
    }
  }
  return pick_by_edition(candidates, name);
}

EolVerdict is_end_of_life(const OsInfo& os, const OsEolCalendar& calendar,
                          std::int64_t now_unix_seconds) {
  return end_of_life_verdict(match_os(os, calendar), now_unix_seconds);
}

EolVerdict end_of_life_verdict(const OsEolEntry* entry, std::int64_t now_unix_seconds) {
  EolVerdict verdict;
  verdict.entry = entry;
  if (verdict.entry != nullptr) {
    const auto first_unsupported =
        std::chrono::sys_seconds{verdict.entry->end_of_support} + std::chrono::days{1};
    verdict.end_of_life = now_unix_seconds >= first_unsupported.time_since_epoch().count();
  }
  return verdict;
}

const OsEolEntry* OsEolMemo::match(const OsInfo& os, const OsEolCalendar& calendar) {
  // What match_os looks at: the name, the trimmed version and the build number.
  const std::optional<std::uint32_t> build = parse_build(os.build);
  key_.assign(os.name);
  key_ += '\n';
  key_ += trim(os.version);
  key_ += '\n';
  key_ += build ? std::to_string(*build) : std::string("-");
  if (const auto found = entries_.find(std::string_view(key_)); found != entries_.end()) {
    return found->second;
  }
  if (entries_.size() >= kMaxEntries) entries_.clear();
  const OsEolEntry* entry = match_os(os, calendar);
  entries_.emplace(key_, entry);
  return entry;
}

}  // namespace keyward::core
