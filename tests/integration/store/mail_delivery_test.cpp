// The rules of mail delivery that no black-box test can wait for (the backoff up to an hour)
// or see directly (the length of RFC 2047 words, the date format).

#include "app/mail_delivery.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "app/mime_message.hpp"
#include "app/smtp_transport.hpp"

namespace keyward::app {
namespace {

using std::chrono::minutes;

TEST(MailDelivery, RetriesBackOffExponentiallyUpToOneHour) {
  const DeliverySettings settings;
  EXPECT_EQ(retry_delay(settings, 1), minutes(1));
  EXPECT_EQ(retry_delay(settings, 2), minutes(2));
  EXPECT_EQ(retry_delay(settings, 3), minutes(4));
  EXPECT_EQ(retry_delay(settings, 6), minutes(32));
  EXPECT_EQ(retry_delay(settings, 7), minutes(60));
  EXPECT_EQ(retry_delay(settings, 9), minutes(60));
  EXPECT_EQ(retry_delay(settings, 1000), minutes(60));
}

TEST(MimeMessage, PlainAsciiSubjectsStayReadable) {
  EXPECT_EQ(encode_header_text("Your Keyward access"), "Your Keyward access");
}

TEST(MimeMessage, NonAsciiSubjectsBecomeEncodedWordsOfAtMost75Characters) {
  const std::string subject =
      "Lizenz läuft ab: Praxis Müller – Überprüfung der Geräte in der Zweigstelle Süd";
  const std::string encoded = encode_header_text(subject);
  std::istringstream lines(encoded);
  int words = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with(" ")) line.erase(0, 1);  // folded continuation
    EXPECT_TRUE(line.starts_with("=?UTF-8?B?") && line.ends_with("?=")) << line;
    EXPECT_LE(line.size(), 75u) << line;
    ++words;
  }
  EXPECT_GE(words, 2);
}

TEST(MimeMessage, DatesAreRfc5322InUtc) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(1795887740), "Sat, 28 Nov 2026 17:42:20 +0000");
}

TEST(MimeMessage, HeaderLinesCannotBeInjectedThroughTheSubject) {
  const std::string message = build_mime_message({.from = "a@example.com",
                                                  .to = "b@example.com",
                                                  .subject = "Hi\r\nBcc: evil@example.com",
                                                  .date = 0,
                                                  .message_id = "<1@example.com>"},
                                                 "Text", "");
  EXPECT_EQ(message.find("\r\nBcc:"), std::string::npos);
}

TEST(SmtpTransport, LogLinesShowTheUrlWithoutItsCredentials) {
  EXPECT_EQ(smtp_url_without_credentials("smtps://mailer:s3cr3t@mail.example:465"),
            "smtps://mail.example:465");
  EXPECT_EQ(smtp_url_without_credentials("smtps://mailer@example.com:p@ss@mail.example/x"),
            "smtps://mail.example/x");
  EXPECT_EQ(smtp_url_without_credentials("smtp://127.0.0.1:2525"), "smtp://127.0.0.1:2525");
  EXPECT_EQ(smtp_url_without_credentials("smtp://relay/path@x"), "smtp://relay/path@x");
}

}  // namespace
}  // namespace keyward::app
