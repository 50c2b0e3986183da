#include "app/mime_message.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <ctime>

namespace keyward::app {
namespace {

constexpr std::string_view kCrlf = "\r\n";
// 45 bytes become one 60-character base64 chunk; with "=?UTF-8?B?" and "?=" a word stays
// within the 75 characters RFC 2047 allows.
constexpr std::size_t kEncodedWordBytes = 45;
constexpr std::size_t kBase64LineLength = 76;

std::string base64(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), kVariant);
  encoded.pop_back();  // the terminating NUL
  return encoded;
}

// Base64 in lines of 76 characters, as MIME requires (RFC 2045 section 6.8).
std::string base64_lines(std::string_view bytes) {
  const std::string encoded = base64(bytes);
  std::string lines;
  for (std::size_t at = 0; at < encoded.size(); at += kBase64LineLength) {
    lines.append(encoded, at, kBase64LineLength).append(kCrlf);
  }
  return lines;
}

bool is_plain_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

std::string text_part(std::string_view content_type, std::string_view body) {
  return fmt::format("Content-Type: {}; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                     content_type) +
         base64_lines(body);
}

// The boundary only has to be absent from the parts; base64 text never contains "=_".
std::string boundary_for(const MimeHeaders& headers) {
  return "=_keyward_" + base64(headers.message_id).substr(0, 24);
}

}  // namespace

std::string encode_header_text(const std::string& text) {
  if (is_plain_ascii(text)) return text;
  std::string encoded;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.size(), at + kEncodedWordBytes);
    while (end < text.size() && end > at + 1 && is_utf8_continuation(text[end])) --end;
    if (!encoded.empty()) encoded.append(kCrlf).append(" ");
    encoded += "=?UTF-8?B?" + base64(std::string_view(text).substr(at, end - at)) + "?=";
    at = end;
  }
  return encoded;
}

std::string rfc5322_date(core::UnixTime time) {
  static constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = time;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[utc.tm_wday], utc.tm_mday,
                     kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string build_mime_message(const MimeHeaders& headers, const std::string& text_body,
                               const std::string& html_body) {
  std::string message = fmt::format(
      "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: {}\r\nMIME-Version: 1.0\r\n",
      headers.from, headers.to, encode_header_text(headers.subject), rfc5322_date(headers.date),
      headers.message_id);
  if (html_body.empty()) return message + text_part("text/plain", text_body);
  const std::string boundary = boundary_for(headers);
  message += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n", boundary);
  message += "--" + boundary + "\r\n" + text_part("text/plain", text_body);
  message += "--" + boundary + "\r\n" + text_part("text/html", html_body);
  return message + "--" + boundary + "--\r\n";
}

}  // namespace keyward::app
