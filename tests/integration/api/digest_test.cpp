// The resellers' daily digest on both engines, end to end: the state is made through the API
// and the device protocol, a `keyward serve --smtp` delivers to a real SMTP server (aiosmtpd),
// and Python's email package reads what arrived. One mail per reseller administrator in their
// language, nothing for a reseller without findings, and never a second digest the same day:
// not after a restart, not from a second server.

#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "api_test_support.hpp"
#include "fleet.hpp"
#include "portal_world.hpp"
#include "smtp_sink.hpp"
#include "support/free_port.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string text_of(const json::object& message, const char* key) {
  const auto* value = message.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : "";
}

class DigestMail : public ::testing::TestWithParam<std::string> {
 protected:
  // The world's own server decides the day's digests in the first pass of its maintenance
  // thread, which may run late on a busy machine. With the digest always due, the fixture
  // waits for that pass (both resellers recorded, nothing to report yet) before it makes any
  // finding: a pass that saw half of them would queue a digest the test cannot account for.
  PortalWorld world{GetParam(), {}, {"--digest-hour", "0"}};
  std::int64_t reseller_c = 0;

  void SetUp() override {
    ASSERT_TRUE(eventually([&] { return count_rows(world, "reseller_digests") == 2; }));
    // Praxis Berg (reseller A): 9 of 10 activations used.
    for (int i = 1; i <= 9; ++i)
      world.activate_device(world.a1_license, "PC-0" + std::to_string(i));
    // Bäckerei Sommer (A): its license expires in 10 days, and a device is silent for 40.
    const std::int64_t shop = world.activate_device(world.a2_license, "KASSE-01").first;
    silence(world, shop, 40);
    world.database().sql(
        "UPDATE licenses SET expires_at = " + std::to_string(std::time(nullptr) + 10 * 86400) +
        " WHERE id = " + std::to_string(world.a2_license.id));
    // Kanzlei Weiss (reseller B): one of two devices silent for 8 days (stale after 7).
    silence(world, world.activate_device(world.b1_license, "KANZLEI-PC").first, 8);
    world.activate_device(world.b1_license, "KANZLEI-LAPTOP");
    // Anna, reseller A's admin, reads German; Bob (B) English.
    ASSERT_EQ(world.as(world.a_admin)
                  .put("/api/v1/me/preferences", json::object{{"language", "de"}})
                  .status,
              200);
    // Reseller C has an admin but nothing to report.
    const Reply created =
        world.as(world.op_admin)
            .post("/api/v1/companies", json::object{{"name", "Eastwind"}, {"kind", "reseller"}});
    ASSERT_EQ(created.status, 201) << created;
    reseller_c = created.object().at("id").as_int64();
    ASSERT_EQ(run_keyward({"user", "create", "--db", world.url(), "--company", "Eastwind",
                           "--email", "cleo@eastwind.example", "--role", "admin"},
                          "correct horse battery\n")
                  .exit_code,
              0);
    // Today's digests were decided before any of this: the servers under test decide afresh.
    world.database().sql("DELETE FROM reseller_digests");
  }

  // A delivery that fails on a busy machine (the sink slow to answer) is retried within the
  // test's wait, not after the default minute; a retry of a mail the sink accepted would
  // still show as a copy.
  std::vector<std::string> serve_args(const SmtpSink& sink) const {
    std::vector<std::string> args{"--access-log", "false", "--data-dir", world.data_dir().string()};
    args.insert(args.end(),
                {"--smtp", sink.url(), "--digest-hour", "0", "--mail-retry-base-ms", "500"});
    return args;
  }

  std::string recorded_digests() {
    return world.database().sql(
        "SELECT reseller_id || ':' || customers || ':' || mails FROM reseller_digests "
        "ORDER BY reseller_id");
  }

  std::string expected_digests() const {
    return std::to_string(world.reseller_a) + ":2:1\n" + std::to_string(world.reseller_b) +
           ":1:1\n" + std::to_string(reseller_c) + ":0:0";
  }

  static std::map<std::string, json::object> by_recipient(
      const std::vector<json::object>& messages) {
    std::map<std::string, json::object> result;
    for (const auto& message : messages) result.emplace(text_of(message, "to"), message);
    return result;
  }
};

TEST_P(DigestMail, EachResellerAdminGetsOneDigestInTheirLanguageAndNotAgainAfterARestart) {
  SmtpSink sink(free_port());
  {
    KeywardServer server(world.url(), serve_args(sink));
    ASSERT_EQ(sink.wait_for(2, 30s).size(), 2u);
    std::this_thread::sleep_for(2s);  // a mail to Eastwind or a copy would arrive now
  }
  const auto mails = by_recipient(sink.messages());
  ASSERT_EQ(mails.size(), 2u);
  ASSERT_EQ(sink.messages().size(), 2u);
  EXPECT_EQ(recorded_digests(), expected_digests());

  const json::object& anna = mails.at("anna@northwind.example");
  EXPECT_EQ(text_of(anna, "subject"), "Keyward-Tagesübersicht: 2 Kunden brauchen Aufmerksamkeit");
  const std::string german = text_of(anna, "text");
  EXPECT_NE(german.find("Diese Kunden von Northwind IT brauchen heute Aufmerksamkeit"),
            std::string::npos)
      << german;
  EXPECT_LT(german.find("\nBäckerei Sommer\n"), german.find("\nPraxis Berg\n")) << german;
  EXPECT_NE(german.find("  - Läuft bald ab: Sommer Filialen am "), std::string::npos) << german;
  EXPECT_NE(german.find("  - 1 aktives Gerät seit mehr als 7 Tagen ohne Kontakt"),
            std::string::npos);
  EXPECT_NE(german.find("  - Aktivierungen fast aufgebraucht: Praxis Berg Clients 9/10 (90 %)"),
            std::string::npos)
      << german;
  EXPECT_EQ(german.find("Kanzlei"), std::string::npos) << "another reseller's customer";
  EXPECT_NE(text_of(anna, "html").find("<h3>Bäckerei Sommer</h3>"), std::string::npos);

  const json::object& bob = mails.at("bob@southwind.example");
  EXPECT_EQ(text_of(bob, "subject"), "Keyward daily digest: 1 customer needs attention");
  const std::string english = text_of(bob, "text");
  EXPECT_NE(english.find("\nKanzlei Weiss\n  - 1 active device not seen for more than 7 days\n"),
            std::string::npos)
      << english;
  EXPECT_EQ(english.find("Praxis"), std::string::npos);

  // The day is recorded: a restarted server sends nothing more today.
  KeywardServer restarted(world.url(), serve_args(sink));
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(sink.messages().size(), 2u);
  EXPECT_EQ(recorded_digests(), expected_digests());
}

TEST_P(DigestMail, TwoServersStartingTogetherSendEachDigestOnce) {
  SmtpSink sink(free_port());
  KeywardServer first(world.url(), serve_args(sink));
  KeywardServer second(world.url(), serve_args(sink));
  ASSERT_EQ(sink.wait_for(2, 30s).size(), 2u)
      << recorded_digests() << "\nfirst:\n"
      << first.process().stderr_text() << first.process().stdout_text() << "\nsecond:\n"
      << second.process().stderr_text() << second.process().stdout_text();
  std::this_thread::sleep_for(3s);  // a copy would arrive now
  EXPECT_EQ(sink.messages().size(), 2u);
  EXPECT_EQ(by_recipient(sink.messages()).size(), 2u);
  EXPECT_EQ(recorded_digests(), expected_digests());
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Keyward%'"),
            2);
}

INSTANTIATE_TEST_SUITE_P(Engines, DigestMail, kEngines);

}  // namespace
}  // namespace keyward::test
