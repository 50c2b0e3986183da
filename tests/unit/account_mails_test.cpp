// Invitation mails in both languages, with the link intact and names escaped in HTML.

#include "core/account_mails.hpp"

#include <gtest/gtest.h>

namespace keyward::core {
namespace {

const InvitationFacts kFacts{"Anna <IT>", "Praxis Berg & Co",
                             "https://keyward.example/set-password?token=kwi_abc", 1767225600};

TEST(InvitationMail, CarriesTheLinkAndItsExpiryInEnglish) {
  const MailText mail = invitation_mail(Language::en, kFacts);
  EXPECT_EQ(mail.subject, "Your Keyward account");
  EXPECT_NE(mail.text.find("Anna <IT> has invited you"), std::string::npos) << mail.text;
  EXPECT_NE(mail.text.find("\nhttps://keyward.example/set-password?token=kwi_abc\n"),
            std::string::npos);
  EXPECT_NE(mail.text.find("2026-01-01T00:00:00Z"), std::string::npos);
}

TEST(InvitationMail, IsGermanForGermanUsersAndEscapesHtml) {
  const MailText mail = invitation_mail(Language::de, kFacts);
  EXPECT_EQ(mail.subject, "Ihr Keyward-Zugang");
  EXPECT_NE(mail.text.find("hat Sie zu Keyward eingeladen"), std::string::npos);
  EXPECT_NE(mail.html.find("Anna &lt;IT&gt;"), std::string::npos) << mail.html;
  EXPECT_NE(mail.html.find("Praxis Berg &amp; Co"), std::string::npos);
  EXPECT_EQ(mail.html.find("<IT>"), std::string::npos);
  EXPECT_NE(mail.html.find("<a href=\"https://keyward.example/set-password?token=kwi_abc\">"),
            std::string::npos);
}

}  // namespace
}  // namespace keyward::core
