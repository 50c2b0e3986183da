#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA-1), as every
// authenticator app implements them, and the base32 text form of their secrets.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keyward::core {

inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpStepSeconds = 30;
// Codes of the previous and the next step are accepted too: clocks drift and people type slowly.
inline constexpr std::int64_t kTotpWindowSteps = 1;
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, the RFC 4226 recommendation

using Bytes = std::vector<std::uint8_t>;

// The HOTP value for `counter`, zero-padded to `digits` (6..8).
std::string hotp(std::span<const std::uint8_t> secret, std::uint64_t counter,
                 int digits = kTotpDigits);

// The time step that `unix_seconds` falls into.
std::int64_t totp_step(std::int64_t unix_seconds);

// The step within ±kTotpWindowSteps of `unix_seconds` whose code is `code`, or nothing. The
// caller remembers the step so that a code can not be used twice.
std::optional<std::int64_t> match_totp(std::span<const std::uint8_t> secret, std::string_view code,
                                       std::int64_t unix_seconds);

// RFC 4648 base32 without padding (upper-case), as otpauth:// URIs carry secrets.
std::string base32_encode(std::span<const std::uint8_t> bytes);
// Accepts upper or lower case, ignores spaces and trailing '='; nothing for other characters.
std::optional<Bytes> base32_decode(std::string_view text);

// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32);

}  // namespace keyward::core
