// Mail delivery of `keyward serve --smtp` against a real SMTP server (aiosmtpd) on both
// databases: what arrives, retries while the mail server is down, several servers on one
// PostgreSQL database, and an unreachable mail server that must not hold up HTTP.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "keyward_binary.hpp"
#include "smtp_sink.hpp"
#include "support/free_port.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

using namespace std::chrono_literals;

std::string text_of(const boost::json::object& message, const char* key) {
  const auto* value = message.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : "";
}

// Polls `statement` until it prints `expected`; its last output.
std::string wait_for_sql(const TestDatabase& db, const std::string& statement,
                         const std::string& expected, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string output = db.sql(statement);
  while (output != expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    output = db.sql(statement);
  }
  return output;
}

// A TCP port that accepts connections but never says a word: an SMTP server that hangs.
class SilentServer {
 public:
  SilentServer() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { close(fd_); }
  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

class Mail : public ::testing::TestWithParam<std::string> {
 protected:
  Mail() { EXPECT_EQ(run_keyward({"migrate", "--db", db_.url()}).exit_code, 0); }

  void queue(const std::string& recipient, const std::string& subject, const std::string& text_body,
             const std::string& html_body = "") const {
    db_.sql(
        "INSERT INTO outbox (recipient, subject, text_body, html_body, next_attempt_at, "
        "created_at) VALUES ('" +
        recipient + "', '" + subject + "', '" + text_body + "', '" + html_body + "', 0, 1)");
  }

  TempDir dir_;
  TestDatabase db_{GetParam(), dir_};
};

TEST_P(Mail, QueuedMailArrivesWithRecipientSubjectAndBothBodies) {
  SmtpSink sink(free_port());
  // Longer than one RFC 2047 word, so the subject is split between UTF-8 sequences.
  queue("anna@example.com", "Einladung für Anna Müller – Zugang zur Lizenzverwaltung",
        "Hallo Anna,\nwillkommen.", "<p>Hallo <b>Anna</b></p>");
  KeywardServer server(db_.url(), {"--smtp", sink.url(), "--mail-from", "portal@keyward.example"});
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u);
  const auto& message = messages[0];
  EXPECT_EQ(text_of(message, "mail_from"), "portal@keyward.example");
  EXPECT_EQ(message.at("rcpt_tos").as_array().size(), 1u);
  EXPECT_EQ(message.at("rcpt_tos").as_array()[0].as_string(), "anna@example.com");
  EXPECT_EQ(text_of(message, "to"), "anna@example.com");
  EXPECT_EQ(text_of(message, "subject"), "Einladung für Anna Müller – Zugang zur Lizenzverwaltung");
  EXPECT_EQ(text_of(message, "text"), "Hallo Anna,\nwillkommen.");
  EXPECT_EQ(text_of(message, "html"), "<p>Hallo <b>Anna</b></p>");
  EXPECT_NE(text_of(message, "message_id").find("@keyward.example>"), std::string::npos);
  EXPECT_NE(text_of(message, "date").find("+0000"), std::string::npos);
  EXPECT_EQ(wait_for_sql(db_, "SELECT status || ' ' || attempts FROM outbox", "sent 1", 5s),
            "sent 1");
}

TEST_P(Mail, PlainTextMailHasNoHtmlPartAndTheDefaultSenderIsOfThePublicUrl) {
  SmtpSink sink(free_port());
  queue("ben@example.com", "Plain", "Only text");
  KeywardServer server(db_.url(),
                       {"--smtp", sink.url(), "--public-url", "https://portal.example.org:8443/"});
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(text_of(messages[0], "mail_from"), "keyward@portal.example.org");
  EXPECT_EQ(text_of(messages[0], "text"), "Only text");
  EXPECT_TRUE(messages[0].at("html").is_null());
}

TEST_P(Mail, TheDefaultSenderOfAnAddressUrlIsAnAddressLiteral) {
  SmtpSink sink(free_port());
  queue("kai@example.com", "Literal", "Text");
  KeywardServer server(db_.url(), {"--smtp", sink.url()});  // public URL http://127.0.0.1:PORT
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(text_of(messages[0], "mail_from"), "keyward@[127.0.0.1]");
}

TEST_P(Mail, TakesTheSmtpServerAndSenderFromTheEnvironment) {
  SmtpSink sink(free_port());
  queue("jan@example.com", "From env", "Text");
  KeywardServer server(
      db_.url(), {}, {{"KEYWARD_SMTP", sink.url()}, {"KEYWARD_MAIL_FROM", "noreply@env.example"}});
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(text_of(messages[0], "mail_from"), "noreply@env.example");
  EXPECT_EQ(text_of(messages[0], "from"), "noreply@env.example");
}

TEST_P(Mail, StaysPendingWhileTheSmtpServerIsDownAndIsDeliveredOnceItIsUp) {
  const std::uint16_t port = free_port();
  queue("carla@example.com", "Later", "Text", "<p>Html</p>");
  KeywardServer server(db_.url(),
                       {"--smtp", "smtp://mailer:s3cr3t@127.0.0.1:" + std::to_string(port),
                        "--mail-retry-base-ms", "200"});
  const std::string retried =
      "SELECT status || CASE WHEN attempts >= 2 THEN ' retried' ELSE '' END FROM outbox";
  EXPECT_EQ(wait_for_sql(db_, retried, "pending retried", 20s), "pending retried");
  const std::string error = db_.sql("SELECT last_error FROM outbox");
  EXPECT_NE(error.find("SMTP"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cr3t"), std::string::npos) << error;

  SmtpSink sink(port);
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(text_of(messages[0], "subject"), "Later");
  EXPECT_EQ(wait_for_sql(db_, "SELECT status FROM outbox", "sent", 5s), "sent");
  const std::string log = server.process().stdout_text() + server.process().stderr_text();
  EXPECT_EQ(log.find("s3cr3t"), std::string::npos) << log;
}

TEST_P(Mail, AnUnreachableSmtpServerDoesNotBlockTheHttpSideOrTheShutdown) {
  SilentServer silent;
  queue("dora@example.com", "Stuck", "Text");
  KeywardServer server(db_.url(), {"--smtp", "smtp://127.0.0.1:" + std::to_string(silent.port())});
  std::this_thread::sleep_for(1s);  // the worker now waits for a greeting that never comes
  auto client = server.client();
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(client.get("/readyz").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  }
  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 5s);
  // The interrupted attempt does not count, and the mail is handed back for the next start.
  EXPECT_EQ(db_.sql("SELECT status || ' ' || attempts || ' ' || COALESCE(claimed_by, '-') "
                    "FROM outbox"),
            "pending 0 -");
}

TEST_P(Mail, AnInvitationThroughTheApiArrivesInTheUsersLanguage) {
  db_.create_reseller_and_customer();
  run_keyward_json({"user", "create", "--db", db_.url(), "--company", "Northwind IT", "--email",
                    "admin@northwind.example", "--role", "admin"},
                   "correct horse battery\n");
  const std::string token =
      std::string(run_keyward_json({"token", "create", "--db", db_.url(), "--email",
                                    "admin@northwind.example", "--name", "mail test"})
                      .at("token")
                      .as_string());
  const std::string customer = db_.sql("SELECT id FROM companies WHERE name = 'Praxis Berg'");
  SmtpSink sink(free_port());
  KeywardServer server(db_.url(), {"--smtp", sink.url()});
  const auto invited = server.client().post(
      "/api/v1/users",
      R"({"email": "neu@praxis-berg.example", "name": "Nina Neu", "role": "technician", )"
      R"("language": "de", "company_id": )" +
          customer + "}",
      {{"authorization", "Bearer " + token}, {"content-type", "application/json"}});
  ASSERT_EQ(invited.status, 201) << invited.body;
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(text_of(messages[0], "to"), "neu@praxis-berg.example");
  EXPECT_EQ(text_of(messages[0], "subject"), "Ihr Keyward-Zugang");
  EXPECT_NE(text_of(messages[0], "text").find("/set-password?token=kwi_"), std::string::npos);
  EXPECT_NE(text_of(messages[0], "html").find("/set-password?token=kwi_"), std::string::npos);
}

// A server that died while sending leaves its lease behind: the mail waits for the lease to
// run out, then any server sends it.
TEST_P(Mail, AMailLeasedByADeadServerIsSentOnceTheLeaseRunsOut) {
  queue("emil@example.com", "Expired lease", "Text");
  queue("frida@example.com", "Live lease", "Text");
  db_.sql(
      "UPDATE outbox SET claimed_by = 'dead:1:1', claimed_until = 1 WHERE recipient = "
      "'emil@example.com'");
  db_.sql(
      "UPDATE outbox SET claimed_by = 'alive:1:1', claimed_until = 99999999999 WHERE "
      "recipient = 'frida@example.com'");
  SmtpSink sink(free_port());
  KeywardServer server(db_.url(), {"--smtp", sink.url()});
  ASSERT_EQ(sink.wait_for(1, 20s).size(), 1u);
  std::this_thread::sleep_for(2s);  // the leased mail would arrive now
  const auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(text_of(messages[0], "to"), "emil@example.com");
  EXPECT_EQ(db_.sql("SELECT status FROM outbox WHERE recipient = 'frida@example.com'"), "pending");
}

TEST_P(Mail, IsGivenUpAsFailedAfterTenAttempts) {
  queue("gert@example.com", "Never", "Text");
  KeywardServer server(db_.url(), {"--smtp", "smtp://127.0.0.1:" + std::to_string(free_port()),
                                   "--mail-retry-base-ms", "1"});
  EXPECT_EQ(wait_for_sql(db_, "SELECT status || ' ' || attempts FROM outbox", "failed 10", 60s),
            "failed 10");
  std::this_thread::sleep_for(2s);  // a failed mail is not tried again
  EXPECT_EQ(db_.sql("SELECT attempts FROM outbox"), "10");
}

TEST_P(Mail, ARecipientThatWouldAddRecipientsOrHeadersIsNotSent) {
  SmtpSink sink(free_port());
  queue("ida@example.com>, <evil@example.com", "Injected", "Text");
  KeywardServer server(db_.url(), {"--smtp", sink.url()});
  EXPECT_EQ(wait_for_sql(db_, "SELECT COALESCE(last_error, '') FROM outbox",
                         "not a deliverable address", 10s),
            "not a deliverable address");
  EXPECT_TRUE(sink.messages().empty());
}

// SMTPS (TLS from the first byte) to a server whose certificate a CA of the test signed: the
// CA is named with --smtp-ca-file, the certificate's host is checked, and the credentials of
// the URL appear in no log line.
TEST_P(Mail, IsDeliveredOverSmtpsToAServerSignedByTheGivenCa) {
  const TestCertificateAuthority authority = test_certificate_authority(dir_);
  SmtpSink sink(free_port(),
                SmtpTls{SmtpTls::Mode::smtps, authority.server.cert, authority.server.key});
  ASSERT_EQ(sink.url().rfind("smtps://", 0), 0u);
  queue("hanna@example.com", "Over TLS", "Text", "<p>Html</p>");
  KeywardServer server(db_.url(),
                       {"--smtp", "smtps://mailer:s3cr3t@127.0.0.1:" + std::to_string(sink.port()),
                        "--smtp-ca-file", authority.ca_cert});
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u) << server.process().stderr_text();
  EXPECT_EQ(text_of(messages[0], "subject"), "Over TLS");
  EXPECT_EQ(text_of(messages[0], "html"), "<p>Html</p>");
  EXPECT_EQ(wait_for_sql(db_, "SELECT status || ' ' || attempts FROM outbox", "sent 1", 5s),
            "sent 1");
  const std::string log = server.process().stdout_text() + server.process().stderr_text();
  EXPECT_NE(log.find("smtps://127.0.0.1:"), std::string::npos) << log;
  EXPECT_EQ(log.find("s3cr3t"), std::string::npos) << log;
}

// A mail server that requires STARTTLS, and a Keyward told to send only over TLS.
TEST_P(Mail, UpgradesWithStartTlsWhichCanBeRequired) {
  const TestCertificateAuthority authority = test_certificate_authority(dir_);
  SmtpSink sink(free_port(),
                SmtpTls{SmtpTls::Mode::starttls, authority.server.cert, authority.server.key});
  ASSERT_EQ(sink.url().rfind("smtp://", 0), 0u);
  queue("ivo@example.com", "Upgraded", "Text");
  KeywardServer server(
      db_.url(), {"--smtp", sink.url(), "--smtp-ca-file", authority.ca_cert, "--smtp-require-tls"});
  const auto messages = sink.wait_for(1, 20s);
  ASSERT_EQ(messages.size(), 1u) << server.process().stderr_text();
  EXPECT_EQ(text_of(messages[0], "subject"), "Upgraded");
}

// Verification is on: a certificate no trusted CA signed fails the attempt (and the mail
// waits), as does a server without STARTTLS when TLS is required.
TEST_P(Mail, IsNotSentToAnUntrustedCertificateOrInTheClearWhenTlsIsRequired) {
  const TestCertificateAuthority authority = test_certificate_authority(dir_);
  SmtpSink untrusted(free_port(),
                     SmtpTls{SmtpTls::Mode::smtps, authority.server.cert, authority.server.key});
  SmtpSink plain(free_port());
  queue("jana@example.com", "Untrusted", "Text");
  {
    KeywardServer server(db_.url(), {"--smtp", untrusted.url(), "--mail-retry-base-ms", "60000"});
    EXPECT_EQ(wait_for_sql(db_, "SELECT status || ' ' || attempts FROM outbox", "pending 1", 20s),
              "pending 1");
  }
  const std::string untrusted_error = db_.sql("SELECT last_error FROM outbox");
  EXPECT_NE(untrusted_error.find("SSL"), std::string::npos) << untrusted_error;
  db_.sql("UPDATE outbox SET attempts = 0, next_attempt_at = 0, last_error = NULL");
  {
    KeywardServer server(
        db_.url(), {"--smtp", plain.url(), "--smtp-require-tls", "--mail-retry-base-ms", "60000"});
    EXPECT_EQ(wait_for_sql(db_, "SELECT status || ' ' || attempts FROM outbox", "pending 1", 20s),
              "pending 1");
  }
  EXPECT_NE(db_.sql("SELECT last_error FROM outbox").find("SMTP"), std::string::npos);
  EXPECT_TRUE(untrusted.messages().empty());
  EXPECT_TRUE(plain.messages().empty());
}

TEST_P(Mail, AnUnreadableCaFileIsRefusedAtStart) {
  const RunResult refused = run_keyward({"serve", "--db", db_.url(), "--listen", "127.0.0.1:0",
                                         "--smtp", "smtps://mailer:s3cr3t@127.0.0.1:465",
                                         "--smtp-ca-file", (dir_ / "missing.pem").string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--smtp-ca-file"), std::string::npos) << refused.err;
  EXPECT_EQ((refused.out + refused.err).find("s3cr3t"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, Mail, ::testing::Values("sqlite", "postgres"));

TEST(MailOnPostgres, TwoServersDeliverEachOf50MailsExactlyOnce) {
  TempDir dir;
  const TestDatabase db("postgres", dir);
  ASSERT_EQ(run_keyward({"migrate", "--db", db.url()}).exit_code, 0);
  SmtpSink sink(free_port());
  KeywardServer first(db.url(), {"--smtp", sink.url()});
  KeywardServer second(db.url(), {"--smtp", sink.url()});
  // Queued at once after both run, so both workers find them due in the same moments.
  db.sql(
      "INSERT INTO outbox (recipient, subject, text_body, next_attempt_at, created_at) "
      "SELECT 'user' || g || '@example.com', 'Mail ' || g, 'Text', 0, 1 "
      "FROM generate_series(1, 50) g");
  ASSERT_EQ(sink.wait_for(50, 60s).size(), 50u);
  EXPECT_EQ(wait_for_sql(db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", "50", 10s), "50");
  std::this_thread::sleep_for(2s);  // a duplicate would arrive now
  const auto messages = sink.messages();
  EXPECT_EQ(messages.size(), 50u);
  std::set<std::string> recipients;
  for (const auto& message : messages) recipients.insert(text_of(message, "to"));
  EXPECT_EQ(recipients.size(), 50u);
}

}  // namespace
}  // namespace keyward::test
