#include "core/recovery_codes.hpp"

#include "core/totp.hpp"
#include "core/validation.hpp"

namespace keyward::core {

std::string format_recovery_code(const std::array<std::uint8_t, kRecoveryCodeBytes>& bytes) {
  const std::string letters = ascii_lower(base32_encode(bytes));  // 16 characters
  std::string code;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += letters[i];
  }
  return code;
}

std::string normalize_recovery_code(std::string_view text) {
  std::string normalized;
  for (const char c : ascii_lower(text)) {
    if (c != '-' && c != ' ') normalized += c;
  }
  return normalized;
}

}  // namespace keyward::core
