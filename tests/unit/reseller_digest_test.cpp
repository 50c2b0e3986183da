// The selection rules of the resellers' daily digest that are not SQL: when a day's digest is
// due, how facts group into one digest per reseller, and the mail in both languages. (Which
// licenses and devices the grouped queries find is tested on both engines in the store suite.)

#include "core/reseller_digest.hpp"

#include <gtest/gtest.h>

#include "core/digest_mail.hpp"

namespace keyward::core {
namespace {

constexpr UnixTime kMidnight = 1795651200;  // 2026-11-26T00:00:00Z

DigestFact seats(Id reseller, Id customer, const std::string& customer_name, Id license,
                 const std::string& name, std::int64_t used, std::int64_t total) {
  return {.kind = DigestFact::Kind::seat_limit,
          .reseller_id = reseller,
          .customer_id = customer,
          .customer_name = customer_name,
          .license = {.id = license, .name = name, .seats_used = used, .seats_total = total}};
}

DigestFact expiring(Id reseller, Id customer, const std::string& customer_name, Id license,
                    const std::string& name, UnixTime expires_at) {
  return {.kind = DigestFact::Kind::expiring,
          .reseller_id = reseller,
          .customer_id = customer,
          .customer_name = customer_name,
          .license = {.id = license, .name = name, .expires_at = expires_at}};
}

DigestFact stale(Id reseller, Id customer, const std::string& customer_name, std::int64_t devices) {
  return {.kind = DigestFact::Kind::stale_devices,
          .reseller_id = reseller,
          .customer_id = customer,
          .customer_name = customer_name,
          .stale_devices = devices};
}

TEST(DigestDay, IsTheUtcDayAndDueFromTheConfiguredHourOn) {
  const DigestRules rules{.hour = 5};
  EXPECT_EQ(digest_day(kMidnight), kMidnight / 86400);
  EXPECT_EQ(digest_day(kMidnight + 86399), kMidnight / 86400);
  EXPECT_EQ(digest_day(kMidnight + 86400), kMidnight / 86400 + 1);
  EXPECT_FALSE(digest_due(kMidnight, rules));
  EXPECT_FALSE(digest_due(kMidnight + 5 * 3600 - 1, rules));
  EXPECT_TRUE(digest_due(kMidnight + 5 * 3600, rules));
  EXPECT_TRUE(digest_due(kMidnight + 86399, rules));
  EXPECT_TRUE(digest_due(kMidnight, DigestRules{.hour = 0}));
}

TEST(DigestRulesDefaults, AreNinetyPercentThirtyDaysAndSevenDaysSilent) {
  const DigestRules rules;
  EXPECT_EQ(rules.seat_percent, 90);
  EXPECT_EQ(rules.expiring_seconds, 30 * 86400);
  EXPECT_EQ(rules.stale_days, 7);
}

TEST(AssembleDigests, GroupsFactsPerResellerAndCustomerSortedByName) {
  const auto digests = assemble_digests({
      stale(2, 21, "Kanzlei Weiss", 4),
      seats(1, 11, "praxis Berg", 101, "Zentrale", 10, 10),
      expiring(1, 12, "Bäckerei Sommer", 102, "Filialen", kMidnight + 86400),
      seats(1, 11, "praxis Berg", 103, "Arztpraxis", 9, 10),
      stale(1, 11, "praxis Berg", 3),
      expiring(1, 11, "praxis Berg", 103, "Arztpraxis", kMidnight + 2 * 86400),
  });
  ASSERT_EQ(digests.size(), 2u);
  EXPECT_EQ(digests[0].reseller_id, 1);
  ASSERT_EQ(digests[0].customers.size(), 2u);
  // By name in any letter case: "Bäckerei" before "praxis".
  EXPECT_EQ(digests[0].customers[0].name, "Bäckerei Sommer");
  EXPECT_EQ(digests[0].customers[0].expiring.size(), 1u);
  EXPECT_TRUE(digests[0].customers[0].near_seat_limit.empty());
  EXPECT_EQ(digests[0].customers[0].stale_devices, 0);
  const DigestCustomer& berg = digests[0].customers[1];
  EXPECT_EQ(berg.id, 11);
  ASSERT_EQ(berg.near_seat_limit.size(), 2u);
  EXPECT_EQ(berg.near_seat_limit[0].name, "Arztpraxis");
  EXPECT_EQ(berg.near_seat_limit[1].name, "Zentrale");
  ASSERT_EQ(berg.expiring.size(), 1u);
  EXPECT_EQ(berg.expiring[0].id, 103);
  EXPECT_EQ(berg.stale_devices, 3);
  EXPECT_EQ(digests[1].reseller_id, 2);
  ASSERT_EQ(digests[1].customers.size(), 1u);
  EXPECT_EQ(digests[1].customers[0].stale_devices, 4);
}

TEST(AssembleDigests, NoFactsMeanNoDigest) { EXPECT_TRUE(assemble_digests({}).empty()); }

const DigestMailContext kContext{.reseller_name = "Northwind <IT>",
                                 .portal_url = "https://keyward.example",
                                 .now = kMidnight + 6 * 3600,
                                 .stale_days = 7};

ResellerDigest sample_digest() {
  return assemble_digests({seats(1, 11, "Praxis & Berg", 101, "Clients", 9, 10),
                           expiring(1, 11, "Praxis & Berg", 101, "Clients", 1797292799),
                           stale(1, 11, "Praxis & Berg", 1), stale(1, 12, "Sommer", 5)})
      .front();
}

TEST(DigestMail, ListsEveryFindingPerCustomerInEnglish) {
  const MailText mail = digest_mail(Language::en, sample_digest(), kContext);
  EXPECT_EQ(mail.subject, "Keyward daily digest: 2 customers need attention");
  EXPECT_NE(mail.text.find("These customers of Northwind <IT> need attention today (2026-11-26):"),
            std::string::npos)
      << mail.text;
  EXPECT_NE(mail.text.find("\nPraxis & Berg\n  - Activations nearly used up: Clients 9/10 (90 %)\n"
                           "  - Expires soon: Clients on 2026-12-14\n"
                           "  - 1 active device not seen for more than 7 days\n"),
            std::string::npos)
      << mail.text;
  EXPECT_NE(mail.text.find("\nSommer\n  - 5 active devices not seen for more than 7 days\n"),
            std::string::npos);
  EXPECT_NE(mail.text.find("https://keyward.example/licenses"), std::string::npos);
}

TEST(DigestMail, IsGermanForGermanAdminsAndEscapesHtml) {
  ResellerDigest one = sample_digest();
  one.customers.pop_back();
  const MailText mail = digest_mail(Language::de, one, kContext);
  EXPECT_EQ(mail.subject, "Keyward-Tagesübersicht: 1 Kunde braucht Aufmerksamkeit");
  EXPECT_NE(mail.text.find("Aktivierungen fast aufgebraucht: Clients 9/10 (90 %)"),
            std::string::npos)
      << mail.text;
  EXPECT_NE(mail.text.find("Läuft bald ab: Clients am 2026-12-14"), std::string::npos);
  EXPECT_NE(mail.text.find("1 aktives Gerät seit mehr als 7 Tagen ohne Kontakt"),
            std::string::npos);
  EXPECT_NE(mail.html.find("<h3>Praxis &amp; Berg</h3>"), std::string::npos) << mail.html;
  EXPECT_NE(mail.html.find("Northwind &lt;IT&gt;"), std::string::npos);
  EXPECT_EQ(mail.html.find("<IT>"), std::string::npos);
  EXPECT_NE(mail.html.find("<a href=\"https://keyward.example/licenses\">"), std::string::npos);
}

}  // namespace
}  // namespace keyward::core
