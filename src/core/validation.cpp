#include "core/validation.hpp"

#include <algorithm>
#include <charconv>

#include "core/error.hpp"

namespace keyward::core {
namespace {

// Length of the UTF-8 sequence that starts with `lead`, or 0 when `lead` cannot start one.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

bool is_continuation(unsigned char byte) { return (byte & 0xc0) == 0x80; }

// Rejects overlong forms, UTF-16 surrogates and code points above U+10FFFF, which the lead
// byte alone does not rule out.
bool second_byte_allowed(unsigned char lead, unsigned char second) {
  if (lead == 0xe0) return second >= 0xa0;
  if (lead == 0xed) return second <= 0x9f;
  if (lead == 0xf0) return second >= 0x90;
  if (lead == 0xf4) return second <= 0x8f;
  return true;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string checked_text(std::string_view field, std::string_view value, std::size_t min_length,
                         std::size_t max_length, bool multiline) {
  const auto name = [field] { return std::string(field); };  // only for errors: a hot path
  if (!is_valid_utf8(value)) throw invalid_request(name(), "is not valid UTF-8");
  const std::string_view trimmed = trim(value);
  for (unsigned char c : trimmed) {
    const bool allowed_break = multiline && (c == '\n' || c == '\r' || c == '\t');
    if (is_control(c) && !allowed_break) {
      throw invalid_request(name(), "must not contain control characters");
    }
  }
  const std::size_t length = utf8_length(trimmed);
  if (length < min_length) {
    throw invalid_request(name(), min_length == 1 ? "must not be empty"
                                                  : "must have at least " +
                                                        std::to_string(min_length) + " characters");
  }
  if (length > max_length) {
    throw invalid_request(name(),
                          "must have at most " + std::to_string(max_length) + " characters");
  }
  return std::string(trimmed);
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = sequence_length(lead);
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_continuation(static_cast<unsigned char>(text[i + k]))) return false;
    }
    if (length > 1 && !second_byte_allowed(lead, static_cast<unsigned char>(text[i + 1]))) {
      return false;
    }
    i += length;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !is_continuation(static_cast<unsigned char>(c));
  }));
}

std::string require_text(std::string_view field, std::string_view value, std::size_t min_length,
                         std::size_t max_length) {
  return checked_text(field, value, min_length, max_length, false);
}

std::string require_multiline_text(std::string_view field, std::string_view value,
                                   std::size_t min_length, std::size_t max_length) {
  return checked_text(field, value, min_length, max_length, true);
}

std::string require_email(std::string_view field, std::string_view value) {
  std::string email = require_text(field, value, 3, 254);
  std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) {
    return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c);
  });
  const auto at = email.find('@');
  const bool one_at = at != std::string::npos && email.find('@', at + 1) == std::string::npos;
  const bool has_local = at != 0;
  const std::string_view domain =
      one_at ? std::string_view(email).substr(at + 1) : std::string_view();
  const auto dot = domain.find('.');
  const bool domain_ok = !domain.empty() && dot != std::string_view::npos && dot != 0 &&
                         domain.back() != '.' && domain.find("..") == std::string_view::npos;
  const bool no_space = email.find_first_of(" \t\"<>,;") == std::string::npos;
  if (!one_at || !has_local || !domain_ok || !no_space) {
    throw invalid_request(std::string(field), "is not an e-mail address");
  }
  return email;
}

std::string ascii_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool ascii_equal_ignoring_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

std::int64_t require_range(std::string_view field, std::int64_t value, std::int64_t min,
                           std::int64_t max) {
  if (value < min || value > max) {
    throw invalid_request(std::string(field),
                          "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

std::int64_t parse_integer(std::string_view field, std::string_view text, std::int64_t min,
                           std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw invalid_request(std::string(field), "must be a whole number");
  }
  return require_range(field, value, min, max);
}

}  // namespace keyward::core
