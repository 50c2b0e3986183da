#pragma once
// Validation of text that comes from outside (HTTP bodies, CLI arguments, device reports).
// Each function returns the value in canonical form or throws core::Error invalid_request
// naming the field, so nothing unchecked reaches a store.

#include <cstdint>
#include <string>
#include <string_view>

namespace keyward::core {

bool is_valid_utf8(std::string_view text);

// Number of Unicode code points of valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// Trimmed single-line text of min..max code points: valid UTF-8, no control characters.
std::string require_text(std::string_view field, std::string_view value, std::size_t min_length,
                         std::size_t max_length);

// Like require_text, but line breaks and tabs are allowed (comments, descriptions).
std::string require_multiline_text(std::string_view field, std::string_view value,
                                   std::size_t min_length, std::size_t max_length);

// An e-mail address in canonical (lower-case, trimmed) form: local@domain with a dot in the
// domain, at most 254 characters, no white space or control characters.
std::string require_email(std::string_view field, std::string_view value);

// Lower-cases ASCII letters only, identically on every engine and locale (SQL lower() does
// not: SQLite folds ASCII only, PostgreSQL all letters of its locale).
std::string ascii_lower(std::string_view text);
// ascii_lower(a) == ascii_lower(b), without building either.
bool ascii_equal_ignoring_case(std::string_view a, std::string_view b);

std::int64_t require_range(std::string_view field, std::int64_t value, std::int64_t min,
                           std::int64_t max);

// A whole number written in decimal (CLI arguments, query strings), within min..max.
std::int64_t parse_integer(std::string_view field, std::string_view text, std::int64_t min,
                           std::int64_t max);

}  // namespace keyward::core
