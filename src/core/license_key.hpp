#pragma once
// License keys: 128 random bits shown as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (lower-case hex).
// Randomness comes from the caller (core does no I/O).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keyward::core {

using LicenseKeyBytes = std::array<std::uint8_t, 16>;

std::string format_license_key(const LicenseKeyBytes& bytes);

// The canonical form of a key a person or a client typed: surrounding white space is
// ignored, hex digits may be upper-case and the dashes may be missing. nullopt if it is not
// a key at all, so the caller can answer without touching the database.
std::optional<std::string> normalize_license_key(std::string_view input);

}  // namespace keyward::core
