#pragma once
// TOTP recovery codes: 80 random bits shown as four groups of four base32 letters
// ("k7qm-2xwd-p4na-v9tc"), accepted with or without dashes, spaces and in any case.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace keyward::core {

inline constexpr std::size_t kRecoveryCodeBytes = 10;
inline constexpr std::size_t kRecoveryCodeCount = 10;

std::string format_recovery_code(const std::array<std::uint8_t, kRecoveryCodeBytes>& bytes);

// The canonical form that is hashed and compared: lower case, without separators.
std::string normalize_recovery_code(std::string_view text);

}  // namespace keyward::core
