#include "core/version.hpp"

#include "core/error.hpp"

namespace keyward::core {

namespace {

// Nine digits keep every part below 10^9, well inside uint32_t.
constexpr std::size_t kMaxDigits = 9;

}  // namespace

const char* Version::parse_into(std::string_view text, Version& version) {
  if (text.empty()) return "must not be empty";
  std::size_t digits = 0;
  std::uint32_t value = 0;
  for (const char c : text) {
    if (c == '.') {
      if (digits == 0) return "has an empty part";
      if (version.count_ + 1 == kMaxParts) return "has more than 4 parts";
      version.parts_[version.count_++] = value;
      digits = 0;
      value = 0;
    } else if (c >= '0' && c <= '9') {
      // A leading zero would make to_string() differ from the reported text ("3.02").
      if (digits == 1 && value == 0) return "has a part with a leading zero";
      if (++digits > kMaxDigits) return "has a part with too many digits";
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
    } else {
      return "must be 1 to 4 numbers separated by dots, such as 3.2.34";
    }
  }
  if (digits == 0) return "has an empty part";
  version.parts_[version.count_++] = value;
  return nullptr;
}

Version Version::parse(std::string_view text, std::string_view field) {
  Version version;
  if (const char* why = parse_into(text, version)) throw invalid_request(std::string(field), why);
  return version;
}

std::optional<Version> Version::try_parse(std::string_view text) {
  Version version;
  if (parse_into(text, version) != nullptr) return std::nullopt;
  return version;
}

std::weak_ordering operator<=>(const Version& a, const Version& b) {
  // Unused parts are zero in parts_, which is exactly the "missing means zero" rule.
  for (std::size_t i = 0; i < Version::kMaxParts; ++i) {
    if (a.parts_[i] != b.parts_[i]) {
      return a.parts_[i] < b.parts_[i] ? std::weak_ordering::less : std::weak_ordering::greater;
    }
  }
  return std::weak_ordering::equivalent;
}

std::string Version::to_string() const {
  std::string text;
  for (std::size_t i = 0; i < count_; ++i) {
    if (i > 0) text += '.';
    text += std::to_string(parts_[i]);
  }
  return text;
}

}  // namespace keyward::core
