// Notifications and webhooks (issue 6) through the real binary on both engines, with a real
// SMTP sink (aiosmtpd) and a real HTTP receiver that checks the signatures with Python's hmac:
// notify-at mails once per crossing, infection mails with device muting, verified recipients
// only, the recipient's language, and signed webhook deliveries with retries.

#include <gtest/gtest.h>

#include <thread>

#include "fleet.hpp"
#include "portal_world.hpp"
#include "smtp_sink.hpp"
#include "support/free_port.hpp"
#include "webhook_receiver.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string text_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : "";
}

class Notifications : public ::testing::TestWithParam<std::string> {
 protected:
  std::string license_path(const std::string& suffix = "") const {
    return "/api/v1/licenses/" + std::to_string(world.a1_license.id) + suffix;
  }

  void set_notify_at(std::int64_t n) {
    const Reply reply =
        world.as(world.a1_admin).patch(license_path(), json::object{{"notify_at", n}});
    ASSERT_EQ(reply.status, 200) << reply;
  }

  void add_recipient(const std::string& email) {
    const Reply reply =
        world.as(world.a1_admin).post(license_path("/recipients"), json::object{{"email", email}});
    ASSERT_EQ(reply.status, 201) << reply;
  }

  void deactivate(std::int64_t device_id) {
    const Reply reply =
        world.as(world.a1_admin)
            .post("/api/v1/devices/bulk",
                  json::object{{"action", "deactivate"}, {"device_ids", json::array{device_id}}});
    ASSERT_EQ(reply.status, 200) << reply;
  }

  // The mails that arrived for `address` (after waiting for `at_least` of all mails).
  std::vector<json::object> mails_to(const std::string& address) const {
    std::vector<json::object> found;
    for (const auto& message : sink.messages()) {
      if (text_of(message, "to") == address) found.push_back(message);
    }
    return found;
  }

  // Waits until the outbox has nothing pending, so the sink has everything that was queued.
  void wait_for_outbox() {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (world.database().sql_int("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") > 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
    }
  }

  // Creates a webhook of customer A1 for `events`; tells the receiver its secret.
  json::object create_webhook(const json::array& events) {
    const Reply reply = world.as(world.a1_admin)
                            .post("/api/v1/webhooks", json::object{{"url", receiver.url()},
                                                                   {"description", "SIEM"},
                                                                   {"events", events}});
    EXPECT_EQ(reply.status, 201) << reply;
    receiver.set_secret(std::string(reply.object().at("secret").as_string()));
    return reply.object();
  }

  SmtpSink sink{free_port()};
  WebhookReceiver receiver{free_port(), 0};
  PortalWorld world{
      GetParam(),
      {},
      {"--smtp", sink.url(), "--mail-retry-base-ms", "200", "--webhook-retry-base-ms", "200"}};
};

TEST_P(Notifications, NotifyAtMailsVerifiedRecipientsOncePerCrossingInTheirLanguage) {
  world.database().sql("UPDATE users SET language = 'de' WHERE id = " +
                       std::to_string(world.a1_admin.user_id));
  add_recipient(world.a1_admin.email);              // a portal user: verified at once
  add_recipient("it-leitung@praxis-berg.example");  // unverified: the verification mail only
  set_notify_at(2);

  world.activate_device(world.a1_license, "PC-1");
  const auto second = world.activate_device(world.a1_license, "PC-2");
  const auto third = world.activate_device(world.a1_license, "PC-3");  // above: no new mail
  deactivate(second.first);                                            // 2: still at the threshold
  wait_for_outbox();
  auto mails = mails_to(world.a1_admin.email);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(text_of(mails[0], "subject"), "Lizenz Praxis Berg Clients: 2 Aktivierungen erreicht");
  EXPECT_NE(text_of(mails[0], "text").find("2 von 10 Aktivierungen"), std::string::npos)
      << text_of(mails[0], "text");
  EXPECT_NE(text_of(mails[0], "html").find("2 von 10 Aktivierungen"), std::string::npos);

  // A free address reads the license owner's language (its admin's) and gets nothing else.
  const auto unverified = mails_to("it-leitung@praxis-berg.example");
  ASSERT_EQ(unverified.size(), 1u);
  EXPECT_EQ(text_of(unverified[0], "subject"),
            "Benachrichtigungen für Lizenz Praxis Berg Clients bestätigen");

  // Below the threshold (1) and up to it again (2): the second mail.
  deactivate(third.first);
  world.activate_device(world.a1_license, "PC-4");
  wait_for_outbox();
  EXPECT_EQ(mails_to(world.a1_admin.email).size(), 2u);
  EXPECT_EQ(mails_to("it-leitung@praxis-berg.example").size(), 1u);
}

TEST_P(Notifications, InfectionMailsWhenADeviceStartsReportingThreatsUnlessItIsMuted) {
  add_recipient(world.a_admin.email);  // the reseller's admin, English
  const auto [device, token] = world.activate_device(world.a1_license, "PC-INF");
  check_in(world, token, {.hostname = "PC-INF", .infections = 0});
  check_in(world, token, {.hostname = "PC-INF", .infections = 3});
  check_in(world, token, {.hostname = "PC-INF", .infections = 5});  // still infected: no mail
  wait_for_outbox();
  auto mails = mails_to(world.a_admin.email);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(text_of(mails[0], "subject"), "Threat found on PC-INF");
  EXPECT_NE(text_of(mails[0], "text").find("reports 3 threat(s)"), std::string::npos);

  // Cleaned, then infected again: a new mail.
  check_in(world, token, {.hostname = "PC-INF", .infections = 0});
  check_in(world, token, {.hostname = "PC-INF", .infections = 1});
  wait_for_outbox();
  EXPECT_EQ(mails_to(world.a_admin.email).size(), 2u);

  // A device that muted its device notifications sends none.
  const auto [muted, muted_token] = world.activate_device(world.a1_license, "PC-QUIET");
  const Reply mute = world.as(world.a1_admin)
                         .patch("/api/v1/devices/" + std::to_string(muted),
                                json::object{{"muted", json::array{"device"}}});
  ASSERT_EQ(mute.status, 200) << mute;
  check_in(world, muted_token, {.hostname = "PC-QUIET", .infections = 4});
  wait_for_outbox();
  EXPECT_EQ(mails_to(world.a_admin.email).size(), 2u) << "a muted device mailed";
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%PC-QUIET%'"),
            0);
}

TEST_P(Notifications, WebhooksReceiveSignedEventsAndTheTestSend) {
  const json::object webhook = create_webhook(json::array{"activation", "threshold_reached"});
  const std::string id = std::to_string(webhook.at("id").as_int64());
  EXPECT_TRUE(text_of(webhook, "secret").starts_with("whsec_"));
  const Reply shown = world.as(world.a1_admin).get("/api/v1/webhooks/" + id);
  ASSERT_EQ(shown.status, 200) << shown;
  EXPECT_FALSE(shown.object().contains("secret")) << "the secret is shown once";
  EXPECT_EQ(shown.object().at("events"), (json::array{"activation", "threshold_reached"}));

  set_notify_at(1);
  const auto [device, token] = world.activate_device(world.a1_license, "PC-HOOK");
  deactivate(device);  // not subscribed
  const auto events = receiver.wait_for(2, 20s);
  ASSERT_EQ(events.size(), 2u);
  for (const auto& request : events) {
    EXPECT_TRUE(request.at("signature_valid").as_bool()) << json::serialize(request);
    EXPECT_TRUE(request.at("signature_fresh").as_bool());
    EXPECT_EQ(text_of(request, "content_type"), "application/json");
    EXPECT_EQ(text_of(request, "path"), "/hook");
    const auto& body = request.at("body").as_object();
    EXPECT_EQ(text_of(request, "event"), text_of(body, "type"));
    EXPECT_EQ(text_of(request, "event_id"), text_of(body, "id"));
    EXPECT_EQ(body.at("company_id").as_int64(), world.customer_a1);
    EXPECT_EQ(body.at("data").at("license").at("id").as_int64(), world.a1_license.id);
    EXPECT_EQ(body.at("data").at("customer").at("name").as_string(), "Praxis Berg");
  }
  EXPECT_EQ(text_of(events[0], "event"), "activation");
  EXPECT_EQ(events[0].at("body").at("data").at("device").at("hostname").as_string(), "PC-HOOK");
  EXPECT_EQ(text_of(events[1], "event"), "threshold_reached");
  EXPECT_EQ(events[1].at("body").at("data").at("notify_at").as_int64(), 1);

  const Reply test = world.as(world.a1_admin).post("/api/v1/webhooks/" + id + "/test");
  ASSERT_EQ(test.status, 202) << test;
  const auto all = receiver.wait_for(3, 20s);
  ASSERT_EQ(all.size(), 3u) << "the deactivation was not subscribed";
  EXPECT_EQ(text_of(all[2], "event"), "test");
  EXPECT_TRUE(all[2].at("signature_valid").as_bool());

  const Reply log = world.as(world.a1_admin).get("/api/v1/webhooks/" + id + "/deliveries");
  ASSERT_EQ(log.status, 200) << log;
  EXPECT_EQ(log.object().at("total").as_int64(), 3);
  const auto& newest = log.object().at("items").as_array().at(0).as_object();
  EXPECT_EQ(text_of(newest, "event_type"), "test");
  EXPECT_EQ(newest.at("payload").at("type").as_string(), "test");
}

// A finished export is an event: the owner's company's webhook hears of it and the owner
// gets a mail with the link, in the owner's language; once per export.
TEST_P(Notifications, AFinishedExportReachesTheOwnersWebhooksAndMailbox) {
  create_webhook(json::array{"export_done"});
  world.database().sql("UPDATE users SET language = 'de' WHERE id = " +
                       std::to_string(world.a1_admin.user_id));
  const Reply queued =
      world.as(world.a1_admin)
          .post("/api/v1/exports", json::object{{"table", "licenses"}, {"format", "csv"}});
  ASSERT_EQ(queued.status, 202) << queued;
  const std::int64_t id = queued.object().at("id").as_int64();
  const std::string file_path = "/api/v1/exports/" + std::to_string(id) + "/file";

  const auto events = receiver.wait_for(1, 20s);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(text_of(events[0], "event"), "export_done");
  EXPECT_TRUE(events[0].at("signature_valid").as_bool());
  const auto& body = events[0].at("body").as_object();
  EXPECT_EQ(body.at("company_id").as_int64(), world.customer_a1);
  const auto& data = body.at("data").as_object();
  EXPECT_EQ(text_of(data, "table"), "licenses");
  EXPECT_EQ(text_of(data, "format"), "csv");
  EXPECT_EQ(data.at("export").at("id").as_int64(), id);
  EXPECT_EQ(data.at("export").at("rows").as_int64(), 1) << "A1 sees its one license";
  EXPECT_TRUE(text_of(data, "download_url").ends_with(file_path)) << text_of(data, "download_url");

  wait_for_outbox();
  const auto mails = mails_to(world.a1_admin.email);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(text_of(mails[0], "subject"), "Ihr Export ist fertig");
  EXPECT_NE(text_of(mails[0], "text").find(file_path), std::string::npos)
      << text_of(mails[0], "text");
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/exports/" + std::to_string(id)).object()
                .at("status").as_string(), "done");
  EXPECT_EQ(receiver.wait_for(2, 1s).size(), 1u) << "one event per export";
}

TEST_P(Notifications, AFailedDeliveryIsRetriedWithBackoffUntilTheReceiverTakesIt) {
  const WebhookReceiver flaky(free_port(), 2);  // answers 500 twice
  const Reply created =
      world.as(world.a_admin)
          .post("/api/v1/webhooks", json::object{{"url", flaky.url("/flaky")},
                                                 {"company_id", world.customer_a1},
                                                 {"events", json::array{"activation"}}});
  ASSERT_EQ(created.status, 201) << created;
  flaky.set_secret(std::string(created.object().at("secret").as_string()));
  const std::string id = std::to_string(created.object().at("id").as_int64());
  world.activate_device(world.a1_license, "PC-RETRY");
  const auto requests = flaky.wait_for(3, 30s);
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& request : requests) {
    EXPECT_TRUE(request.at("signature_valid").as_bool()) << "every attempt is signed anew";
    EXPECT_EQ(text_of(request, "event_id"), text_of(requests[0], "event_id"));
    EXPECT_EQ(text_of(request, "delivery"), text_of(requests[0], "delivery"));
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  json::object delivery;
  do {
    std::this_thread::sleep_for(100ms);
    const Reply log = world.as(world.a1_admin).get("/api/v1/webhooks/" + id + "/deliveries");
    ASSERT_EQ(log.status, 200) << log;
    delivery = log.object().at("items").as_array().at(0).as_object();
  } while (text_of(delivery, "status") != "sent" && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(text_of(delivery, "status"), "sent");
  EXPECT_EQ(delivery.at("attempts").as_int64(), 3);
  EXPECT_TRUE(delivery.at("last_error").is_null());
}

TEST_P(Notifications, WebhookInputIsValidatedAndOnlyAdminsManageWebhooks) {
  const auto refused = [&](const json::object& body, const std::string& field) {
    const Reply reply = world.as(world.a1_admin).post("/api/v1/webhooks", body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body) << ": " << reply;
    EXPECT_EQ(reply.error_code(), "invalid_request");
    EXPECT_NE(reply.raw.find(field), std::string::npos) << reply;
  };
  const json::array events{"activation"};
  refused({{"url", "http://hooks.example.com/x"}, {"events", events}}, "url");
  refused({{"url", "http://10.0.0.8/x"}, {"events", events}}, "url");
  refused({{"url", "ftp://hooks.example.com/x"}, {"events", events}}, "url");
  refused({{"url", "https://user:pw@hooks.example.com/x"}, {"events", events}}, "url");
  refused({{"url", "https://hooks.example.com/x#frag"}, {"events", events}}, "url");
  refused({{"events", events}}, "url");
  refused({{"url", "https://hooks.example.com/x"}}, "events");
  refused({{"url", "https://hooks.example.com/x"}, {"events", json::array{}}}, "events");
  refused({{"url", "https://hooks.example.com/x"}, {"events", json::array{"test"}}}, "events");
  refused({{"url", "https://hooks.example.com/x"}, {"events", json::array{"bogus"}}}, "events");
  refused({{"url", "https://hooks.example.com/x"}, {"events", events}, {"secret", "mine"}},
          "secret");
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM webhooks"), 0);

  const json::object good{{"url", "https://hooks.example.com/keyward"}, {"events", events}};
  EXPECT_EQ(world.as(world.a_technician).post("/api/v1/webhooks", good).status, 403);
  EXPECT_EQ(world.as(world.a1_viewer).get("/api/v1/webhooks").status, 403);
  const Reply created = world.as(world.a1_admin).post("/api/v1/webhooks", good);
  ASSERT_EQ(created.status, 201) << created;
  const std::string path =
      "/api/v1/webhooks/" + std::to_string(created.object().at("id").as_int64());
  EXPECT_EQ(world.as(world.a1_admin).patch(path, json::object{{"url", "http://10.1.1.1/"}}).status,
            400);
  const Reply paused = world.as(world.a1_admin).patch(path, json::object{{"enabled", false}});
  ASSERT_EQ(paused.status, 200) << paused;
  EXPECT_FALSE(paused.object().at("enabled").as_bool());
  EXPECT_EQ(paused.object().at("url").as_string(), "https://hooks.example.com/keyward");
  // The reseller's admin sees its customer's webhook; the sibling customer does not.
  EXPECT_EQ(world.as(world.a_admin).get(path).status, 200);
  EXPECT_EQ(world.as(world.a2_admin).get(path).status, 404);
  EXPECT_EQ(world.as(world.a1_admin).del(path).status, 204);
  EXPECT_EQ(world.as(world.a1_admin).get(path).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, Notifications, kEngines);

}  // namespace
}  // namespace keyward::test
