// Crash safety of outgoing mail and webhooks: the servers are killed with SIGKILL several times
// while their outbox and webhook workers are sending, in the middle of a load of check-ins
// and of events that cause mail (infections reported by devices of a license with verified
// recipients, notify-at thresholds reached by activations, verification mails of new
// recipients). One server on SQLite; two servers on one PostgreSQL database.
//
// What the design promises (docs/architecture.md, "Outgoing mail"): every mail the outbox
// committed is delivered, at least once. SMTP has no way to make the receiver's acceptance and
// our "sent" mark one step, so a server killed between the two leaves a mail that is sent again
// with the same Message-ID; one server sends one mail at a time, so a kill can cause at most
// one such copy per server killed. The same holds for webhook deliveries and their
// Keyward-Delivery id. And every event a server acknowledged has its mail queued exactly once.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "keyward_binary.hpp"
#include "smtp_sink.hpp"
#include "support/free_port.hpp"
#include "support/temp_dir.hpp"
#include "webhook_receiver.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kCycles = 4;
constexpr int kInfectedDevices = 16;
constexpr int kThresholdLicenses = 10;
constexpr int kNotifyAt = 2;
constexpr const char* kMailDomain = "crash.test";
const std::vector<std::string> kRecipients = {"admin@northwind.example", "tech@northwind.example"};

std::string text_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : "";
}

// One check-in of an infected device as sent: odd check-ins report `seq` threats (so each
// infection mail names the check-in that caused it), even ones none.
struct Attempt {
  int infections = 0;
  bool acknowledged = false;
};

struct InfectedDevice {
  std::string hostname;
  std::string token;
  std::vector<Attempt> attempts;
};

// What the generators saw acknowledged, summed over all cycles.
struct Acknowledged {
  std::mutex mutex;
  std::set<std::string> verification_addresses;  // 201 from POST …/recipients
  std::set<std::string> attempted_addresses;     // acknowledged or not
  std::map<int, int> threshold_activations;      // license index -> 201 answers
};

std::string infected_checkin(const InfectedDevice& device, int infections) {
  return json::serialize(json::object{
      {"client_version", "3.2.34"},
      {"hostname", device.hostname},
      {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}, {"build", "26100.2314"}}},
      {"infections", infections},
      {"protection", {{"realtime", true}, {"updates", true}}},
      {"settings_revision", 0},
      {"command_results", json::array()}});
}

class MailCrashSafety : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_.create_reseller_and_customer();
    for (const std::string& email : kRecipients) {
      run_keyward_json({"user", "create", "--db", database_.url(), "--company", "Northwind IT",
                        "--email", email, "--role", "admin"},
                       "correct horse battery\n");
    }
    token_ = std::string(run_keyward_json({"token", "create", "--db", database_.url(), "--email",
                                           kRecipients[0], "--name", "crash test"})
                             .at("token")
                             .as_string());
    const json::object infected = database_.issue_license(5000);
    infected_license_ = std::to_string(infected.at("id").as_int64());
    infected_key_ = std::string(infected.at("key").as_string());
    for (int i = 0; i < kThresholdLicenses; ++i) {
      const json::object license = database_.issue_license(10);
      threshold_ids_.push_back(std::to_string(license.at("id").as_int64()));
      threshold_keys_.push_back(std::string(license.at("key").as_string()));
    }
    configure_through_the_api();
  }

  std::vector<std::string> server_args() const {
    return {"--access-log",
            "false",
            "--smtp",
            sink_.url(),
            "--mail-from",
            std::string("keyward@") + kMailDomain,
            "--mail-retry-base-ms",
            "200",
            "--webhook-retry-base-ms",
            "200"};
  }

  http::Headers api_headers() const {
    return {{"authorization", "Bearer " + token_}, {"content-type", "application/json"}};
  }

  // Recipients (portal users, verified at once), notify-at thresholds, a webhook of the
  // reseller, and the infected devices, through a server that then stops normally.
  void configure_through_the_api() {
    KeywardServer server(database_.url(), server_args());
    auto client = server.client();
    for (const std::string& email : kRecipients) {
      const auto added =
          client.post("/api/v1/licenses/" + infected_license_ + "/recipients",
                      json::serialize(json::object{{"email", email}}), api_headers());
      ASSERT_EQ(added.status, 201) << added.body;
    }
    for (int i = 0; i < kThresholdLicenses; ++i) {
      const std::string path = "/api/v1/licenses/" + threshold_ids_[i];
      const auto changed = client.request(
          http::Method::patch, path,
          json::serialize(json::object{{"name", threshold_name(i)}, {"notify_at", kNotifyAt}}),
          api_headers());
      ASSERT_EQ(changed.status, 200) << changed.body;
      const auto added =
          client.post(path + "/recipients",
                      json::serialize(json::object{{"email", kRecipients[0]}}), api_headers());
      ASSERT_EQ(added.status, 201) << added.body;
    }
    const auto webhook = client.post(
        "/api/v1/webhooks",
        json::serialize(json::object{{"url", receiver_.url()},
                                     {"events", json::array{"infection", "threshold_reached"}}}),
        api_headers());
    ASSERT_EQ(webhook.status, 201) << webhook.body;
    receiver_.set_secret(std::string(json::parse(webhook.body).at("secret").as_string()));
    for (int i = 0; i < kInfectedDevices; ++i) {
      const std::string hostname = "INF-" + std::to_string(i);
      const auto activated =
          client.post("/agent/v1/activate", activation_request(infected_key_, hostname, hostname));
      ASSERT_EQ(activated.status, 201) << activated.body;
      devices_.push_back(
          {hostname, std::string(json::parse(activated.body).at("device_token").as_string()), {}});
    }
    EXPECT_EQ(server.stop(), 0);
  }

  static std::string threshold_name(int i) { return "TH-" + std::to_string(i); }

  // --- the load of one cycle: each thread runs until its server is gone -------------------

  // Half of the infected devices, one check-in every 40 ms, alternating clean and infected.
  void report_infections(std::uint16_t port, int part) {
    http::Client client("127.0.0.1", port, false, 10s);
    try {
      for (int round = 0;; ++round) {
        InfectedDevice& device =
            devices_[static_cast<std::size_t>(part + 2 * (round % (kInfectedDevices / 2)))];
        const int seq = static_cast<int>(device.attempts.size()) + 1;
        device.attempts.push_back({seq % 2 == 1 ? seq : 0, false});
        const auto answer = client.post("/agent/v1/checkin",
                                        infected_checkin(device, device.attempts.back().infections),
                                        {{"authorization", "Bearer " + device.token}});
        if (answer.status != 200) return;
        device.attempts.back().acknowledged = true;
        std::this_thread::sleep_for(40ms);
      }
    } catch (const std::exception&) {
    }
  }

  // New machines on the threshold licenses, one every 150 ms, up to notify-at + 1 each.
  void reach_thresholds(std::uint16_t port) {
    http::Client client("127.0.0.1", port, false, 10s);
    try {
      for (;;) {
        int license = -1;
        {
          std::lock_guard lock(acknowledged_.mutex);
          for (int i = 0; i < kThresholdLicenses && license < 0; ++i) {
            if (acknowledged_.threshold_activations[i] <= kNotifyAt) license = i;
          }
        }
        if (license < 0) return;
        const std::string machine =
            "TH-" + std::to_string(license) + "-" + std::to_string(threshold_machine_++);
        const auto answer = client.post(
            "/agent/v1/activate", activation_request(threshold_keys_[license], machine, machine));
        if (answer.status != 201) return;
        {
          std::lock_guard lock(acknowledged_.mutex);
          ++acknowledged_.threshold_activations[license];
        }
        std::this_thread::sleep_for(150ms);
      }
    } catch (const std::exception&) {
    }
  }

  // A new free address on the infected license every 50 ms: a verification mail each.
  void add_unverified_recipients(std::uint16_t port) {
    http::Client client("127.0.0.1", port, false, 10s);
    try {
      for (;;) {
        const std::string address = "verify-" + std::to_string(verification_++) + "@example.net";
        {
          std::lock_guard lock(acknowledged_.mutex);
          acknowledged_.attempted_addresses.insert(address);
        }
        const auto answer =
            client.post("/api/v1/licenses/" + infected_license_ + "/recipients",
                        json::serialize(json::object{{"email", address}}), api_headers());
        if (answer.status != 201) return;
        {
          std::lock_guard lock(acknowledged_.mutex);
          acknowledged_.verification_addresses.insert(address);
        }
        std::this_thread::sleep_for(50ms);
      }
    } catch (const std::exception&) {
    }
  }

  // Activations and check-ins at full speed that cause no mail: the servers are busy.
  void storm(std::uint16_t port, int thread) {
    http::Client client("127.0.0.1", port, false, 10s);
    try {
      std::string token;
      for (int round = 0;; ++round) {
        if (round % 50 == 0) {
          const std::string machine =
              "storm-" + std::to_string(thread) + "-" + std::to_string(storm_machine_++);
          const auto answer = client.post("/agent/v1/activate",
                                          activation_request(infected_key_, machine, machine));
          if (answer.status != 201) return;
          token = std::string(json::parse(answer.body).at("device_token").as_string());
          continue;
        }
        const auto answer =
            client.post("/agent/v1/checkin", infected_checkin({"STORM", token, {}}, 0),
                        {{"authorization", "Bearer " + token}});
        if (answer.status != 200) return;
      }
    } catch (const std::exception&) {
    }
  }

  // Waits until the sink is receiving (mail arrived within the last 100 ms) while mail is
  // still pending, so the kill falls into the sending.
  bool wait_while_sending(std::size_t delivered_before) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    std::size_t seen = sink_.messages().size();
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
      const std::size_t now = sink_.messages().size();
      const bool arriving = now > seen && now > delivered_before;
      seen = now;
      if (arriving &&
          database_.sql_int("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") > 0) {
        return true;
      }
    }
    return false;
  }

  // Starts the servers, loads them, kills them all with SIGKILL while they send.
  void run_and_kill(int servers_count, int cycle) {
    std::vector<std::unique_ptr<KeywardServer>> servers;
    for (int i = 0; i < servers_count; ++i) {
      servers.push_back(std::make_unique<KeywardServer>(database_.url(), server_args()));
    }
    const auto port = [&](int i) {
      return servers[static_cast<std::size_t>(i) % servers.size()]->port();
    };
    const std::size_t delivered_before = sink_.messages().size();
    std::vector<std::thread> threads;
    threads.emplace_back([&] { report_infections(port(0), 0); });
    threads.emplace_back([&] { report_infections(port(1), 1); });
    threads.emplace_back([&] { reach_thresholds(port(cycle)); });
    threads.emplace_back([&] { add_unverified_recipients(port(cycle + 1)); });
    threads.emplace_back([&] { storm(port(0), 0); });
    threads.emplace_back([&] { storm(port(1), 1); });
    std::this_thread::sleep_for(1500ms + 300ms * cycle);
    const bool sending = wait_while_sending(delivered_before);
    for (auto& server : servers) server->process().kill();
    for (auto& thread : threads) thread.join();
    ASSERT_TRUE(sending) << "cycle " << cycle << ": the servers were not sending when killed";
    killed_ += servers_count;
    // Ten minutes pass: the leases of the killed servers run out (no server runs now; that a
    // lease running out frees its mail is Mail.AMailLeasedByADeadServerIsSentOnceTheLeaseRunsOut).
    database_.sql("UPDATE outbox SET claimed_until = 1 WHERE claimed_by IS NOT NULL");
    database_.sql("UPDATE webhook_deliveries SET claimed_until = 1 WHERE claimed_by IS NOT NULL");
  }

  void drain(int servers_count) {
    std::vector<std::unique_ptr<KeywardServer>> servers;
    for (int i = 0; i < servers_count; ++i) {
      servers.push_back(std::make_unique<KeywardServer>(database_.url(), server_args()));
    }
    const auto deadline = std::chrono::steady_clock::now() + 180s;
    const std::string open =
        "SELECT (SELECT COUNT(*) FROM outbox WHERE status <> 'sent') + "
        "(SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'sent')";
    while (database_.sql_int(open) > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(200ms);
    }
    ASSERT_EQ(database_.sql_int(open), 0) << "mail or webhooks left unsent (or failed)";
    std::this_thread::sleep_for(1s);  // a copy sent late would arrive now
    for (auto& server : servers) EXPECT_EQ(server->stop(), 0);
  }

  // --- checks --------------------------------------------------------------------------------

  struct OutboxRow {
    std::string recipient;
    std::string subject;
    std::int64_t created_at = 0;
  };

  // id -> row; one statement per column keeps the parsing trivial (bodies hold line breaks).
  std::map<std::int64_t, OutboxRow> outbox_rows() const {
    std::map<std::int64_t, OutboxRow> rows;
    std::istringstream lines(database_.sql(
        "SELECT id || ' ' || created_at || ' ' || recipient || ' ' || subject FROM outbox"));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream fields(line);
      std::int64_t id = 0;
      std::int64_t created = 0;
      std::string recipient;
      fields >> id >> created >> recipient;
      std::string subject;
      std::getline(fields >> std::ws, subject);
      rows[id] = {recipient, subject, created};
    }
    return rows;
  }

  // Every committed mail arrived, nothing else arrived, and every copy of one mail is the
  // same mail under the same Message-ID.
  void expect_every_mail_delivered(const std::map<std::int64_t, OutboxRow>& rows) {
    std::map<std::string, std::vector<json::object>> by_id;
    for (const json::object& message : sink_.messages()) {
      by_id[text_of(message, "message_id")].push_back(message);
    }
    std::size_t copies = 0;
    for (const auto& [id, row] : rows) {
      const std::string message_id = "<outbox." + std::to_string(id) + "." +
                                     std::to_string(row.created_at) + "@" + kMailDomain + ">";
      const auto found = by_id.find(message_id);
      ASSERT_NE(found, by_id.end()) << "mail " << id << " to " << row.recipient << " was lost";
      for (const json::object& message : found->second) {
        EXPECT_EQ(text_of(message, "to"), row.recipient) << message_id;
        EXPECT_EQ(text_of(message, "subject"), row.subject) << message_id;
        EXPECT_EQ(text_of(message, "text"), text_of(found->second.front(), "text")) << message_id;
        EXPECT_EQ(text_of(message, "html"), text_of(found->second.front(), "html")) << message_id;
      }
      copies += found->second.size() - 1;
      by_id.erase(found);
    }
    EXPECT_TRUE(by_id.empty()) << "a mail arrived that the outbox does not hold: "
                               << by_id.begin()->first;
    EXPECT_LE(copies, static_cast<std::size_t>(killed_))
        << "more copies than kills: a mail was sent twice without a crash";
    std::cout << "[ mail     ] " << rows.size() << " mails, " << copies << " sent again after "
              << killed_ << " kills" << std::endl;
  }

  void expect_every_webhook_delivered() {
    std::map<std::string, std::string> event_of;  // delivery id -> event id
    std::istringstream lines(database_.sql("SELECT id || ' ' || event_id FROM webhook_deliveries"));
    for (std::string line; std::getline(lines, line);) {
      const std::size_t space = line.find(' ');
      event_of[line.substr(0, space)] = line.substr(space + 1);
    }
    ASSERT_FALSE(event_of.empty());
    std::map<std::string, int> received;
    for (const json::object& request : receiver_.requests()) {
      const std::string delivery = text_of(request, "delivery");
      ASSERT_TRUE(event_of.contains(delivery)) << "unknown delivery " << delivery;
      EXPECT_EQ(text_of(request, "event_id"), event_of.at(delivery));
      EXPECT_TRUE(request.at("signature_valid").as_bool());
      ++received[delivery];
    }
    std::size_t copies = 0;
    for (const auto& [delivery, event] : event_of) {
      ASSERT_TRUE(received.contains(delivery)) << "webhook delivery " << delivery << " was lost";
      copies += static_cast<std::size_t>(received.at(delivery) - 1);
    }
    EXPECT_LE(copies, static_cast<std::size_t>(killed_));
    std::cout << "[ webhooks ] " << event_of.size() << " deliveries, " << copies
              << " sent again after " << killed_ << " kills" << std::endl;
  }

  // The infection mails of one recipient: (device host name, threats) -> how many rows.
  static std::map<std::pair<std::string, int>, int> infection_mails(
      const std::map<std::int64_t, OutboxRow>& rows, const std::string& recipient,
      const TestDatabase& database) {
    std::map<std::pair<std::string, int>, int> mails;
    for (const auto& [id, row] : rows) {
      if (row.recipient != recipient || !row.subject.starts_with("Threat found on ")) continue;
      const std::string text =
          database.sql("SELECT text_body FROM outbox WHERE id = " + std::to_string(id));
      const std::size_t at = text.find(" reports ");
      EXPECT_NE(at, std::string::npos) << text;
      if (at == std::string::npos) continue;
      ++mails[{row.subject.substr(16), std::stoi(text.substr(at + 9))}];
    }
    return mails;
  }

  // Each acknowledged event has its mails queued, each event once: an infection check-in that
  // the server acknowledged right after an acknowledged clean one has a mail per recipient; a
  // mail names a check-in that was sent; no check-in has two.
  void expect_every_acknowledged_event_mailed_once(const std::map<std::int64_t, OutboxRow>& rows) {
    for (const std::string& recipient : kRecipients) {
      const auto mails = infection_mails(rows, recipient, database_);
      std::size_t definite = 0;
      for (const InfectedDevice& device : devices_) {
        std::set<int> sent;
        for (std::size_t i = 0; i < device.attempts.size(); ++i) {
          const Attempt& attempt = device.attempts[i];
          if (attempt.infections > 0) sent.insert(attempt.infections);
          const bool clean_before = i == 0 || (device.attempts[i - 1].acknowledged &&
                                               device.attempts[i - 1].infections == 0);
          if (attempt.infections > 0 && attempt.acknowledged && clean_before) {
            ++definite;
            EXPECT_TRUE(mails.contains({device.hostname, attempt.infections}))
                << "no infection mail to " << recipient << " for " << device.hostname
                << " check-in " << attempt.infections;
          }
        }
        for (const auto& [key, count] : mails) {
          if (key.first != device.hostname) continue;
          EXPECT_EQ(count, 1) << key.first << " " << key.second << " mailed twice";
          EXPECT_TRUE(sent.contains(key.second)) << "a mail for a check-in never sent";
        }
      }
      EXPECT_GT(definite, 20u) << "the storm caused too few infection mails to prove anything";
    }
    for (int i = 0; i < kThresholdLicenses; ++i) {
      const std::int64_t used =
          database_.sql_int("SELECT seats_used FROM licenses WHERE id = " + threshold_ids_[i]);
      int mails = 0;
      for (const auto& [id, row] : rows) {
        if (row.subject.starts_with("License " + threshold_name(i) + ":")) ++mails;
      }
      EXPECT_EQ(mails, used >= kNotifyAt ? 1 : 0) << threshold_name(i) << " with " << used;
    }
    std::map<std::string, int> verification;
    for (const auto& [id, row] : rows) {
      if (row.recipient.starts_with("verify-")) ++verification[row.recipient];
    }
    for (const std::string& address : acknowledged_.verification_addresses) {
      EXPECT_EQ(verification[address], 1) << "verification mail of " << address;
    }
    for (const auto& [address, count] : verification) {
      EXPECT_TRUE(acknowledged_.attempted_addresses.contains(address)) << address;
      EXPECT_EQ(count, 1) << address;
    }
    EXPECT_GT(acknowledged_.verification_addresses.size(), 20u);
  }

  TempDir dir_;
  TestDatabase database_{GetParam(), dir_};
  SmtpSink sink_{free_port()};
  WebhookReceiver receiver_{free_port()};
  std::string token_;
  std::string infected_license_;
  std::string infected_key_;
  std::vector<std::string> threshold_ids_;
  std::vector<std::string> threshold_keys_;
  std::vector<InfectedDevice> devices_;
  Acknowledged acknowledged_;
  std::atomic<int> threshold_machine_ = 0;
  std::atomic<int> verification_ = 0;
  std::atomic<int> storm_machine_ = 0;
  int killed_ = 0;
};

TEST_P(MailCrashSafety, KillNineWhileSendingLosesNoMailAndCopiesKeepTheirMessageId) {
  const int servers = GetParam() == "postgres" ? 2 : 1;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    ASSERT_NO_FATAL_FAILURE(run_and_kill(servers, cycle));
  }
  ASSERT_NO_FATAL_FAILURE(drain(servers));
  const auto rows = outbox_rows();
  expect_every_mail_delivered(rows);
  expect_every_webhook_delivered();
  expect_every_acknowledged_event_mailed_once(rows);
}

INSTANTIATE_TEST_SUITE_P(Engines, MailCrashSafety, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace keyward::test
