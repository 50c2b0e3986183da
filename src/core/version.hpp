#pragma once
// Client versions as the antivirus client reports them ("3.2.34", "2.9", "3.0.0.1234").
// They decide whether a device runs the current release and whether it can receive remote
// settings, so parsing is strict: anything that is not 1 to 4 dot-separated decimal numbers
// is rejected instead of being guessed at.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keyward::core {

class Version {
 public:
  static constexpr std::size_t kMaxParts = 4;

  // Throws core::Error invalid_request naming `field` when `text` is not 1-4 parts of decimal
  // digits separated by dots. A part has at most 9 digits (so it never overflows) and no
  // leading zero (so to_string() gives back exactly the reported text).
  static Version parse(std::string_view text, std::string_view field = "client_version");
  // The same rule without an exception, for data that was validated when it was stored.
  static std::optional<Version> try_parse(std::string_view text);

  // Missing trailing parts count as zero: "3.0" and "3.0.0" are equivalent, so a client that
  // reports "3.0" meets a minimum of "3.0.0". That makes the ordering weak: equivalent versions
  // may still print differently.
  friend std::weak_ordering operator<=>(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b) {
    return (a <=> b) == std::weak_ordering::equivalent;
  }

  // The text as parsed: trailing zeros are neither added nor dropped ("2.9" stays "2.9").
  std::string to_string() const;

  std::size_t part_count() const { return count_; }
  std::uint32_t part(std::size_t index) const { return index < count_ ? parts_[index] : 0; }

 private:
  Version() = default;
  // Fills `version` and returns nullptr, or returns why `text` is not a version.
  static const char* parse_into(std::string_view text, Version& version);

  std::array<std::uint32_t, kMaxParts> parts_{};
  std::size_t count_ = 0;
};

}  // namespace keyward::core
