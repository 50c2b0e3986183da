// The notification mails in both languages, from the event data the webhooks carry too.

#include "core/notification_mails.hpp"

#include <gtest/gtest.h>

namespace keyward::core {
namespace {

Event threshold_event() {
  return Event{.type = EventType::threshold_reached,
               .customer_id = 7,
               .reseller_id = 3,
               .license_id = 42,
               .data = {{"license", {{"id", 42}, {"name", "Praxis <Berg>"}, {"key", "k"}}},
                        {"customer", {{"id", 7}, {"name", "Praxis Berg"}}},
                        {"activations_used", 8},
                        {"activations_total", 10},
                        {"notify_at", 8}},
               .occurred_at = 1'800'000'000};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(NotificationMails, ThresholdMailInEnglishAndGermanWithALinkToTheLicense) {
  const auto en = notification_mail(Language::en, threshold_event(), "https://portal.example");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->subject, "License Praxis <Berg>: 8 activations reached");
  EXPECT_TRUE(contains(en->text, "8 of 10 activations")) << en->text;
  EXPECT_TRUE(contains(en->text, "https://portal.example/licenses/42"));
  EXPECT_TRUE(contains(en->html, "Praxis &lt;Berg&gt;")) << "HTML is escaped: " << en->html;
  EXPECT_FALSE(contains(en->html, "<Berg>"));
  const auto de = notification_mail(Language::de, threshold_event(), "https://portal.example");
  ASSERT_TRUE(de);
  EXPECT_EQ(de->subject, "Lizenz Praxis <Berg>: 8 Aktivierungen erreicht");
  EXPECT_TRUE(contains(de->text, "8 von 10 Aktivierungen"));
}

TEST(NotificationMails, ExpiryInfectionAndExportMailsNameTheirFacts) {
  Event expiring = threshold_event();
  expiring.type = EventType::license_expiring;
  expiring.data["expires_at"] = 1'800'604'800;
  expiring.data["days_left"] = 7;
  EXPECT_EQ(notification_mail(Language::en, expiring, "")->subject,
            "License Praxis <Berg> expires in 7 days");
  EXPECT_TRUE(contains(notification_mail(Language::de, expiring, "")->text, "am 2027-01-22"));

  Event infection = threshold_event();
  infection.type = EventType::infection;
  infection.data["device"] = {{"id", 5}, {"hostname", "PC-7"}};
  infection.data["infections"] = 2;
  EXPECT_EQ(notification_mail(Language::de, infection, "")->subject, "Bedrohung gefunden auf PC-7");
  EXPECT_TRUE(contains(notification_mail(Language::en, infection, "")->text, "reports 2 threat"));

  const Event done{.type = EventType::export_done,
                   .data = {{"table", "licenses"},
                            {"format", "xlsx"},
                            {"download_url", "https://portal.example/api/v1/exports/9/file"}}};
  const auto mail = notification_mail(Language::en, done, "https://portal.example");
  EXPECT_EQ(mail->subject, "Your export is ready");
  EXPECT_TRUE(contains(mail->text, "https://portal.example/api/v1/exports/9/file"));
}

TEST(NotificationMails, MachineOnlyEventsMailNobody) {
  for (const EventType type : {EventType::activation, EventType::deactivation, EventType::test}) {
    Event event = threshold_event();
    event.type = type;
    EXPECT_FALSE(notification_mail(Language::en, event, ""));
  }
}

TEST(NotificationMails, TheVerificationMailHasTheLinkAndItsExpiryInBothLanguages) {
  const VerificationFacts facts{
      .license = "Clients", .link = "https://p.example/v?token=kwv_x", .expires_at = 1'800'000'000};
  const MailText en = recipient_verification_mail(Language::en, facts);
  EXPECT_EQ(en.subject, "Confirm notifications for license Clients");
  EXPECT_TRUE(contains(en.text, "https://p.example/v?token=kwv_x\n"));
  EXPECT_TRUE(contains(en.html, "href=\"https://p.example/v?token=kwv_x\""));
  const MailText de = recipient_verification_mail(Language::de, facts);
  EXPECT_EQ(de.subject, "Benachrichtigungen für Lizenz Clients bestätigen");
  EXPECT_TRUE(contains(de.text, "2027-01-15T08:00:00Z"));
}

}  // namespace
}  // namespace keyward::core
