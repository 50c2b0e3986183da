#pragma once
// The wire form of an outgoing mail (RFC 5322 + MIME): headers, and the text body with the
// HTML body as its alternative when there is one. Bodies travel base64-encoded, so any UTF-8
// text and any line length survive every relay; a non-ASCII subject is RFC 2047-encoded.

#include <string>

#include "core/entities.hpp"

namespace keyward::app {

struct MimeHeaders {
  std::string from;
  std::string to;
  std::string subject;
  core::UnixTime date = 0;
  // Kept the same across attempts of one mail, so a receiver can drop the duplicate when a
  // delivery is repeated (SMTP delivery is at least once).
  std::string message_id;
};

std::string build_mime_message(const MimeHeaders& headers, const std::string& text_body,
                               const std::string& html_body);

// "=?UTF-8?B?...?=" words (each at most 75 characters, never splitting a UTF-8 sequence) for
// text that is not plain printable ASCII; the text itself otherwise.
std::string encode_header_text(const std::string& text);

// "Sat, 28 Nov 2026 19:42:20 +0000", independent of the process locale.
std::string rfc5322_date(core::UnixTime time);

}  // namespace keyward::app
