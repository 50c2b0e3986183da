// Webhook rules that need no server: the signature (against a value computed with Python's
// hmac), its verification window, which URLs are accepted and the event type lists.

#include "core/webhook.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"

namespace keyward::core {
namespace {

constexpr std::string_view kBody = R"({"type":"test"})";

TEST(WebhookSignature, IsHmacSha256OverTimestampDotBody) {
  EXPECT_EQ(webhook_signature("whsec_secret", 1700000000, kBody),
            "t=1700000000,v1=5828ae5c284068394bfec0cd6568e8d78bf889683ca9482cd0b11398e43db906");
}

TEST(WebhookSignature, VerifiesOnlyTheSameSecretBodyAndAFreshTimestamp) {
  const std::string header = webhook_signature("whsec_secret", 1700000000, kBody);
  EXPECT_TRUE(verify_webhook_signature("whsec_secret", header, kBody, 1700000000));
  EXPECT_TRUE(verify_webhook_signature("whsec_secret", header, kBody, 1700000300));
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", header, kBody, 1700000301)) << "stale";
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", header, kBody, 1699999699)) << "future";
  EXPECT_FALSE(verify_webhook_signature("whsec_other", header, kBody, 1700000000));
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", header, R"({"type":"tesT"})", 1700000000));
  // The timestamp is signed too: moving it breaks the signature.
  std::string moved = header;
  moved.replace(2, 10, "1700000100");
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", moved, kBody, 1700000100));
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", "v1=abc", kBody, 1700000000));
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", "t=x,v1=abc", kBody, 1700000000));
  EXPECT_FALSE(verify_webhook_signature("whsec_secret", "", kBody, 1700000000));
}

TEST(WebhookUrl, AcceptsHttpsAndPlainHttpToLoopbackOnly) {
  for (const char* url :
       {"https://hooks.example.com/keyward", "https://hooks.example.com:8443/x?a=1",
        "https://[2001:db8::1]/x", "http://127.0.0.1:9000/hook", "http://localhost/hook",
        "http://[::1]:8080/", "HTTPS://Hooks.Example.com"}) {
    EXPECT_EQ(require_webhook_url("url", url), url);
  }
  for (const char* url :
       {"http://hooks.example.com/x", "http://10.0.0.1/x", "http://127.0.0.1.example.com/x",
        "ftp://hooks.example.com/", "hooks.example.com/x", "https://", "https:///path",
        "https://user:pw@hooks.example.com/", "https://hooks.example.com/#frag",
        "https://hooks example.com/", "https://hooks.example.com:99999/", "https://host:/x",
        "javascript:alert(1)", ""}) {
    EXPECT_THROW(require_webhook_url("url", url), Error) << url;
  }
  EXPECT_THROW(require_webhook_url("url", "https://h.example/" + std::string(2000, 'a')), Error);
}

TEST(WebhookEvents, AreANonEmptyListOfSubscribableTypesKeptOnceInOrder) {
  const auto types = parse_event_types(
      boost::json::array{"infection", "activation", "infection", "export_done"}, "events");
  EXPECT_EQ(types, (std::vector<EventType>{EventType::activation, EventType::infection,
                                           EventType::export_done}));
  EXPECT_EQ(event_types_json(types), R"(["activation","infection","export_done"])");
  EXPECT_EQ(event_types_from_json(event_types_json(types)), types);
  for (const boost::json::value& bad :
       {boost::json::value(boost::json::array{}), boost::json::value("activation"),
        boost::json::value(boost::json::array{"test"}), boost::json::value(boost::json::array{1}),
        boost::json::value(boost::json::array{"Activation"})}) {
    EXPECT_THROW(parse_event_types(bad, "events"), Error) << boost::json::serialize(bad);
  }
}

TEST(EventRules, MailsGoToRecipientsForLicenseNewsAndDeviceMutingSilencesOnlyDeviceEvents) {
  EXPECT_EQ(mail_audience(EventType::activation), MailAudience::none);
  EXPECT_EQ(mail_audience(EventType::deactivation), MailAudience::none);
  EXPECT_EQ(mail_audience(EventType::threshold_reached), MailAudience::license_recipients);
  EXPECT_EQ(mail_audience(EventType::infection), MailAudience::license_recipients);
  EXPECT_EQ(mail_audience(EventType::license_expiring), MailAudience::license_recipients);
  EXPECT_EQ(mail_audience(EventType::export_done), MailAudience::user);
  EXPECT_EQ(mail_audience(EventType::test), MailAudience::none);
  EXPECT_TRUE(is_muted(EventType::infection, MuteLevel::all, "[]"));
  EXPECT_TRUE(is_muted(EventType::infection, MuteLevel::some, R"(["device"])"));
  EXPECT_FALSE(is_muted(EventType::infection, MuteLevel::some, R"(["settings","other"])"));
  EXPECT_FALSE(is_muted(EventType::infection, MuteLevel::none, R"(["device"])"));
  EXPECT_FALSE(is_muted(EventType::threshold_reached, MuteLevel::all, "[]"))
      << "a license's threshold is not one device's news";
  for (const EventType type : subscribable_event_types()) {
    EXPECT_EQ(parse_event_type(to_string(type)), type);
  }
}

}  // namespace
}  // namespace keyward::core
