#pragma once
// What the fuzz targets share: turning libFuzzer's bytes into the inputs the server sees, and
// the one rule every target checks: bad input ends in core::Error (a 400), never in another
// exception, a crash or a sanitizer report.

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A request body as the server parses it (the same depth limit as http::Request::json); no
// value for text that is no JSON, which the server answers with 400 invalid_json.
inline std::optional<boost::json::value> parse_body(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec) return std::nullopt;
  return value;
}

// The input split at NUL bytes into at most `count` fields (missing ones are absent).
inline std::vector<std::optional<std::string>> fields(std::string_view text, std::size_t count) {
  std::vector<std::optional<std::string>> parts(count);
  for (std::size_t i = 0; i < count && !text.empty(); ++i) {
    const std::size_t end = text.find('\0');
    parts[i] = std::string(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return parts;
}

// A broken promise of the code under test: report it as a crash so libFuzzer keeps the input.
[[noreturn]] inline void violated(const char* rule, std::string_view detail = {}) {
  std::fprintf(stderr, "rule violated: %s %.*s\n", rule, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Runs `body`; core::Error is the expected answer to bad input, anything else is a bug.
template <typename Body>
void expect_only_core_errors(Body&& body) {
  try {
    body();
  } catch (const core::Error&) {
  }
}

// Whether `text` is valid UTF-8 without C0 control characters (what the parsers promise to
// store); multi-line texts may hold line breaks and tabs.
inline bool is_clean_utf8(std::string_view text, bool multiline = false) {
  for (const char c : text) {
    const bool line_break = c == '\n' || c == '\r' || c == '\t';
    if (static_cast<unsigned char>(c) < 0x20 && !(multiline && line_break)) return false;
  }
  return core::is_valid_utf8(text);
}

}  // namespace keyward::fuzz
