#include "core/license_key.hpp"

#include <cctype>

namespace keyward::core {
namespace {

constexpr std::array<std::size_t, 4> kDashAfterHexDigits = {8, 12, 16, 20};
constexpr std::size_t kHexDigits = 32;

bool is_dash_position(std::size_t hex_index) {
  for (std::size_t position : kDashAfterHexDigits) {
    if (position == hex_index) return true;
  }
  return false;
}

}  // namespace

std::string format_license_key(const LicenseKeyBytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key;
  key.reserve(kHexDigits + kDashAfterHexDigits.size());
  for (std::size_t i = 0; i < kHexDigits; ++i) {
    if (is_dash_position(i)) key.push_back('-');
    const std::uint8_t byte = bytes[i / 2];
    key.push_back(kHex[i % 2 == 0 ? byte >> 4 : byte & 0x0f]);
  }
  return key;
}

std::optional<std::string> normalize_license_key(std::string_view input) {
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.front()))) {
    input.remove_prefix(1);
  }
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.back()))) {
    input.remove_suffix(1);
  }
  const bool with_dashes = input.size() == kHexDigits + kDashAfterHexDigits.size();
  if (!with_dashes && input.size() != kHexDigits) return std::nullopt;

  std::string key;
  key.reserve(kHexDigits + kDashAfterHexDigits.size());
  std::size_t hex_index = 0;
  for (char c : input) {
    if (with_dashes && c == '-' && is_dash_position(hex_index) &&
        (key.empty() || key.back() != '-')) {
      key.push_back('-');
      continue;
    }
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    if (!with_dashes && is_dash_position(hex_index)) key.push_back('-');
    key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    ++hex_index;
  }
  if (hex_index != kHexDigits) return std::nullopt;
  return key;
}

}  // namespace keyward::core
