// The device protocol's input rules (core/device_report.hpp), one rule at a time: a valid
// activation request or check-in report is taken as the base and one member is changed.

#include "core/device_report.hpp"

#include <gtest/gtest.h>

#include "support/expect_error.hpp"

#include <boost/json/parse.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::core {
namespace {

boost::json::object valid_activation() {
  return boost::json::parse(R"({
    "license_key": "0123abcd-4567-89ef-0123-456789abcdef",
    "machine_id": "{4C4C4544-0042-3510-8052-B4C04F4A4D32}",
    "hostname": "PC-Lager-01",
    "os": {"name": "Windows 11 Pro", "version": "23H2", "build": "22631.3880"},
    "client_version": "3.2.34",
    "domain": "lager.example",
    "ip": "192.168.10.20"
  })")
      .as_object();
}

boost::json::object valid_checkin() {
  return boost::json::parse(R"({
    "client_version": "3.2.34",
    "hostname": "PC-Lager-01",
    "ip": "192.168.10.20",
    "domain": "lager.example",
    "os": {"name": "Windows 11 Pro", "version": "23H2", "build": "22631.3880"},
    "infections": 2,
    "protection": {"realtime": true, "updates": false},
    "settings_revision": 4,
    "command_results": [{"id": 7, "ok": true, "message": "done"}]
  })")
      .as_object();
}

std::string activation_error(const boost::json::object& body) {
  return test::invalid_request_message([&] { parse_activation_request(body); });
}

std::string checkin_error(const boost::json::object& body) {
  return test::invalid_request_message([&] { parse_checkin_report(body); });
}

template <class Value>
CheckinReport checkin_with(const std::string& member, Value&& value) {
  auto body = valid_checkin();
  body[member] = std::forward<Value>(value);
  return parse_checkin_report(body);
}

template <class Value>
std::string checkin_error_with(const std::string& member, Value&& value) {
  auto body = valid_checkin();
  body[member] = std::forward<Value>(value);
  return checkin_error(body);
}

template <class Value>
std::string activation_error_with(const std::string& member, Value&& value) {
  auto body = valid_activation();
  body[member] = std::forward<Value>(value);
  return activation_error(body);
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

boost::json::object command_result(std::int64_t id, bool ok, const boost::json::value& message) {
  return boost::json::object{{"id", id}, {"ok", ok}, {"message", message}};
}

std::string only_result_message(const std::string& message) {
  const auto report = checkin_with(
      "command_results", boost::json::array{command_result(1, true, boost::json::value(message))});
  EXPECT_EQ(report.command_results.size(), 1u);
  return report.command_results.empty() ? std::string() : report.command_results[0].message;
}

// --- activation request ---------------------------------------------------------------------

TEST(ActivationRequest, ValidRequestIsParsedWithMachineIdInLowerCase) {
  const auto request = parse_activation_request(valid_activation());
  EXPECT_EQ(request.license_key, "0123abcd-4567-89ef-0123-456789abcdef");
  EXPECT_EQ(request.machine_id, "{4c4c4544-0042-3510-8052-b4c04f4a4d32}");
  EXPECT_EQ(request.hostname, "PC-Lager-01");
  EXPECT_EQ(request.os.name, "Windows 11 Pro");
  EXPECT_EQ(request.os.version, "23H2");
  EXPECT_EQ(request.os.build, "22631.3880");
  EXPECT_EQ(request.client_version.to_string(), "3.2.34");
  EXPECT_EQ(request.domain, "lager.example");
  EXPECT_EQ(request.ip, "192.168.10.20");
}

TEST(ActivationRequest, EveryRequiredFieldIsNamedWhenMissing) {
  for (const std::string field :
       {"license_key", "machine_id", "hostname", "os", "client_version"}) {
    auto body = valid_activation();
    body.erase(field);
    EXPECT_EQ(activation_error(body), field + ": is required");
  }
  auto body = valid_activation();
  body["os"].as_object().erase("name");
  EXPECT_EQ(activation_error(body), "os.name: is required");
}

TEST(ActivationRequest, NullCountsAsAbsent) {
  EXPECT_EQ(activation_error_with("hostname", nullptr), "hostname: is required");
  EXPECT_EQ(activation_error_with("os", nullptr), "os: is required");
  auto body = valid_activation();
  body["domain"] = nullptr;
  body["ip"] = nullptr;
  body["os"].as_object()["version"] = nullptr;
  body["os"].as_object()["build"] = nullptr;
  const auto request = parse_activation_request(body);
  EXPECT_EQ(request.domain, "");
  EXPECT_EQ(request.ip, "");
  EXPECT_EQ(request.os.version, "");
  EXPECT_EQ(request.os.build, "");
}

TEST(ActivationRequest, OptionalFieldsMayBeLeftOut) {
  auto body = valid_activation();
  body.erase("domain");
  body.erase("ip");
  body["os"].as_object().erase("version");
  body["os"].as_object().erase("build");
  const auto request = parse_activation_request(body);
  EXPECT_EQ(request.domain, "");
  EXPECT_EQ(request.ip, "");  // the caller uses the peer address
  EXPECT_EQ(request.os.version, "");
  EXPECT_EQ(request.os.build, "");
}

TEST(ActivationRequest, UnknownMembersAreIgnored) {
  auto body = valid_activation();
  body["future_field"] = boost::json::object{{"anything", 1}};
  body["os"].as_object()["architecture"] = "arm64";
  EXPECT_EQ(parse_activation_request(body).hostname, "PC-Lager-01");
}

TEST(ActivationRequest, BodyThatIsNoObjectIsRejected) {
  for (const char* text : {"[]", "\"text\"", "42", "null", "true"}) {
    EXPECT_EQ(test::invalid_request_message([&] { parse_activation_request(boost::json::parse(text)); }),
              "body: must be a JSON object")
        << text;
  }
  EXPECT_EQ(activation_error_with("os", "Windows 11"), "os: must be a JSON object");
}

TEST(ActivationRequest, WrongTypesNameTheField) {
  EXPECT_EQ(activation_error_with("hostname", 42), "hostname: must be a string");
  EXPECT_EQ(activation_error_with("license_key", boost::json::array{}),
            "license_key: must be a string");
  EXPECT_EQ(activation_error_with("client_version", 3.2), "client_version: must be a string");
  EXPECT_EQ(activation_error_with("domain", false), "domain: must be a string");
  EXPECT_EQ(activation_error_with("ip", 3232235540), "ip: must be a string");
  auto body = valid_activation();
  body["os"].as_object()["name"] = 11;
  EXPECT_EQ(activation_error(body), "os.name: must be a string");
}

TEST(ActivationRequest, MachineIdAcceptsItsCharsetAndIsLowerCased) {
  auto body = valid_activation();
  body["machine_id"] = "AZaz09{}._:-";
  EXPECT_EQ(parse_activation_request(body).machine_id, "azaz09{}._:-");
  body["machine_id"] = "  ABC  ";
  EXPECT_EQ(parse_activation_request(body).machine_id, "abc");
  body["machine_id"] = repeat("a", 128);
  EXPECT_EQ(parse_activation_request(body).machine_id.size(), 128u);
}

TEST(ActivationRequest, MachineIdOutsideItsCharsetOrLengthIsRejected) {
  for (const char* id : {"abc def", "abc/def", "abc\\def", "a+b", "ma\xc3\xa4", "a'b", "a\"b",
                         "a;b", "a,b", "a@b", "a#b", "a%b"}) {
    EXPECT_EQ(activation_error_with("machine_id", id),
              "machine_id: may only contain letters, digits and {}._:-")
        << id;
  }
  EXPECT_EQ(activation_error_with("machine_id", ""), "machine_id: must not be empty");
  EXPECT_EQ(activation_error_with("machine_id", "   "), "machine_id: must not be empty");
  EXPECT_EQ(activation_error_with("machine_id", repeat("a", 129)),
            "machine_id: must have at most 128 characters");
  EXPECT_EQ(activation_error_with("machine_id", "a\tb"),
            "machine_id: must not contain control characters");
}

TEST(ActivationRequest, TextLimitsCountCodePoints) {
  auto body = valid_activation();
  body["hostname"] = repeat("\xc3\xa4", 255);  // 255 × "ä": 510 bytes, 255 code points
  EXPECT_EQ(parse_activation_request(body).hostname.size(), 510u);
  EXPECT_EQ(activation_error_with("hostname", repeat("h", 256)),
            "hostname: must have at most 255 characters");
  EXPECT_EQ(activation_error_with("hostname", repeat("h", 10 * 1024)),
            "hostname: must have at most 255 characters");
  EXPECT_EQ(activation_error_with("hostname", ""), "hostname: must not be empty");
  EXPECT_EQ(activation_error_with("license_key", repeat("k", 65)),
            "license_key: must have at most 64 characters");
  EXPECT_EQ(activation_error_with("domain", repeat("d", 256)),
            "domain: must have at most 255 characters");
  body = valid_activation();
  body["domain"] = "";
  EXPECT_EQ(parse_activation_request(body).domain, "");
}

TEST(ActivationRequest, OsLimits) {
  auto body = valid_activation();
  auto& os = body["os"].as_object();
  os["name"] = repeat("n", 128);
  os["version"] = repeat("v", 64);
  os["build"] = repeat("b", 64);
  EXPECT_NO_THROW(parse_activation_request(body));
  os["name"] = repeat("n", 129);
  EXPECT_EQ(activation_error(body), "os.name: must have at most 128 characters");
  os["name"] = "";
  EXPECT_EQ(activation_error(body), "os.name: must not be empty");
  os["name"] = "Windows 11";
  os["version"] = repeat("v", 65);
  EXPECT_EQ(activation_error(body), "os.version: must have at most 64 characters");
  os["version"] = "23H2";
  os["build"] = repeat("b", 65);
  EXPECT_EQ(activation_error(body), "os.build: must have at most 64 characters");
}

TEST(ActivationRequest, TextIsTrimmed) {
  auto body = valid_activation();
  body["hostname"] = "  PC-01\t";
  body["license_key"] = " 0123abcd-4567-89ef-0123-456789abcdef ";
  const auto request = parse_activation_request(body);
  EXPECT_EQ(request.hostname, "PC-01");
  EXPECT_EQ(request.license_key, "0123abcd-4567-89ef-0123-456789abcdef");
}

TEST(ActivationRequest, InvalidUtf8AndControlCharactersAreRejected) {
  EXPECT_EQ(activation_error_with("hostname", "PC\xff"), "hostname: is not valid UTF-8");
  EXPECT_EQ(activation_error_with("hostname", "PC\xc0\xaf"), "hostname: is not valid UTF-8");
  EXPECT_EQ(activation_error_with("domain", "a\xed\xa0\x80"), "domain: is not valid UTF-8");
  EXPECT_EQ(activation_error_with("hostname",
                                  "PC\x01"
                                  "01"),
            "hostname: must not contain control characters");
  EXPECT_EQ(activation_error_with("hostname", "PC\n01"),
            "hostname: must not contain control characters");
  EXPECT_EQ(activation_error_with("hostname", std::string("PC\0"
                                                          "01",
                                                          5)),
            "hostname: must not contain control characters");
  EXPECT_EQ(activation_error_with("domain", "a\x7f"),
            "domain: must not contain control characters");
  auto body = valid_activation();
  body["os"].as_object()["name"] = "Windows\x1b[31m";
  EXPECT_EQ(activation_error(body), "os.name: must not contain control characters");
}

TEST(ActivationRequest, ClientVersionMustBeOneToFourNumbers) {
  for (const char* version : {"3", "3.2", "3.2.34", "3.0.0.1234"}) {
    auto body = valid_activation();
    body["client_version"] = version;
    EXPECT_EQ(parse_activation_request(body).client_version.to_string(), version);
  }
  for (const char* version : {"3.x", "1.2.3.4.5", "v3.2", "3..2", "3.2.", "-1", "3.02"}) {
    const std::string message = activation_error_with("client_version", version);
    EXPECT_EQ(message.rfind("client_version: ", 0), 0u) << version << " -> " << message;
  }
  EXPECT_EQ(activation_error_with("client_version", ""), "client_version: must not be empty");
}

TEST(ActivationRequest, IpMustBeAnIpv4OrIpv6Address) {
  for (const char* ip : {"10.0.0.1", "255.255.255.255", "2001:db8::1", "::1", "::ffff:192.168.0.1",
                         "fe80::1ff:fe23:4567:890a"}) {
    auto body = valid_activation();
    body["ip"] = ip;
    EXPECT_EQ(parse_activation_request(body).ip, ip);
  }
  for (const char* ip : {"256.1.1.1", "10.0.0", "10.0.0.1.5", "example.com", "10.0.0.1/24",
                         "2001:db8:::1", "fe80::1%eth0", "1.2.3.4 x", "[::1]", "localhost"}) {
    EXPECT_EQ(activation_error_with("ip", ip), "ip: must be an IPv4 or IPv6 address") << ip;
  }
  EXPECT_EQ(activation_error_with("ip", std::string("1.2.3.4\0x", 9)),
            "ip: must not contain control characters");
  EXPECT_EQ(activation_error_with("ip", repeat("1", 65)), "ip: must have at most 64 characters");
  auto body = valid_activation();
  body["ip"] = " 10.0.0.1 ";
  EXPECT_EQ(parse_activation_request(body).ip, "10.0.0.1");
  body["ip"] = "";
  EXPECT_EQ(parse_activation_request(body).ip, "");
}

TEST(IsIpAddress, AcceptsAddressesOnly) {
  EXPECT_TRUE(is_ip_address("127.0.0.1"));
  EXPECT_TRUE(is_ip_address("::"));
  EXPECT_TRUE(is_ip_address("0:0:0:0:0:ffff:192.168.1.1"));
  EXPECT_FALSE(is_ip_address(""));
  EXPECT_FALSE(is_ip_address("1.2.3.4\n"));
  EXPECT_FALSE(is_ip_address("01234567890123456789012345678901234567890123456789"));
  EXPECT_FALSE(is_ip_address("garbage"));
}

// The text is a string_view: whatever follows an embedded NUL is part of it.
TEST(IsIpAddress, TextWithAnEmbeddedNulIsNoAddress) {
  EXPECT_FALSE(is_ip_address(std::string_view("1.2.3.4\0junk", 12)));
  EXPECT_FALSE(is_ip_address(std::string_view("::1\0", 4)));
}

// --- check-in report ------------------------------------------------------------------------

TEST(CheckinReport, ValidReportIsParsed) {
  const auto report = parse_checkin_report(valid_checkin());
  EXPECT_EQ(report.client_version.to_string(), "3.2.34");
  EXPECT_EQ(report.hostname, "PC-Lager-01");
  EXPECT_EQ(report.ip, "192.168.10.20");
  EXPECT_EQ(report.domain, "lager.example");
  EXPECT_EQ(report.os.name, "Windows 11 Pro");
  EXPECT_EQ(report.os.version, "23H2");
  EXPECT_EQ(report.os.build, "22631.3880");
  EXPECT_EQ(report.infections, 2);
  EXPECT_TRUE(report.realtime_on);
  EXPECT_FALSE(report.updates_on);
  EXPECT_EQ(report.settings_revision, 4);
  ASSERT_EQ(report.command_results.size(), 1u);
  EXPECT_EQ(report.command_results[0].command_id, 7);
  EXPECT_TRUE(report.command_results[0].ok);
  EXPECT_EQ(report.command_results[0].message, "done");
}

TEST(CheckinReport, EveryRequiredFieldIsNamedWhenMissing) {
  for (const std::string field :
       {"client_version", "hostname", "os", "infections", "protection", "settings_revision"}) {
    auto body = valid_checkin();
    body.erase(field);
    EXPECT_EQ(checkin_error(body), field + ": is required");
    body[field] = nullptr;
    EXPECT_EQ(checkin_error(body), field + ": is required");
  }
  for (const std::string field : {"realtime", "updates"}) {
    auto body = valid_checkin();
    body["protection"].as_object().erase(field);
    EXPECT_EQ(checkin_error(body), "protection." + field + ": is required");
  }
  auto body = valid_checkin();
  body["os"].as_object()["name"] = nullptr;
  EXPECT_EQ(checkin_error(body), "os.name: is required");
}

TEST(CheckinReport, OptionalFieldsMayBeAbsentOrNull) {
  auto body = valid_checkin();
  body.erase("ip");
  body.erase("domain");
  body.erase("command_results");
  auto report = parse_checkin_report(body);
  EXPECT_EQ(report.ip, "");
  EXPECT_EQ(report.domain, "");
  EXPECT_TRUE(report.command_results.empty());
  body["ip"] = nullptr;
  body["domain"] = nullptr;
  body["command_results"] = nullptr;
  report = parse_checkin_report(body);
  EXPECT_EQ(report.ip, "");
  EXPECT_EQ(report.domain, "");
  EXPECT_TRUE(report.command_results.empty());
}

TEST(CheckinReport, UnknownMembersAreIgnored) {
  auto body = valid_checkin();
  body["battery"] = 80;
  body["protection"].as_object()["firewall"] = true;
  body["command_results"].as_array()[0].as_object()["duration_ms"] = 12;
  const auto report = parse_checkin_report(body);
  EXPECT_EQ(report.infections, 2);
  EXPECT_EQ(report.command_results.size(), 1u);
}

TEST(CheckinReport, BodyThatIsNoObjectIsRejected) {
  EXPECT_EQ(test::invalid_request_message([] { parse_checkin_report(boost::json::parse("[1,2]")); }),
            "body: must be a JSON object");
  EXPECT_EQ(checkin_error_with("protection", true), "protection: must be a JSON object");
  EXPECT_EQ(checkin_error_with("os", boost::json::array{}), "os: must be a JSON object");
}

TEST(CheckinReport, WrongTypesNameTheField) {
  EXPECT_EQ(checkin_error_with("infections", "3"), "infections: must be a whole number");
  EXPECT_EQ(checkin_error_with("infections", true), "infections: must be a whole number");
  EXPECT_EQ(checkin_error_with("settings_revision", "4"),
            "settings_revision: must be a whole number");
  EXPECT_EQ(checkin_error_with("hostname", boost::json::object{}), "hostname: must be a string");
  auto body = valid_checkin();
  body["protection"].as_object()["realtime"] = "yes";
  EXPECT_EQ(checkin_error(body), "protection.realtime: must be true or false");
  body = valid_checkin();
  body["protection"].as_object()["updates"] = 1;
  EXPECT_EQ(checkin_error(body), "protection.updates: must be true or false");
}

TEST(CheckinReport, LongHostnameAndBrokenTextAreRejected) {
  EXPECT_EQ(checkin_error_with("hostname", repeat("x", 10 * 1024)),
            "hostname: must have at most 255 characters");
  EXPECT_EQ(checkin_error_with("hostname", "\xe2\x82"), "hostname: is not valid UTF-8");
  EXPECT_EQ(checkin_error_with("domain", "corp\r\nX-Injected: 1"),
            "domain: must not contain control characters");
  EXPECT_EQ(checkin_error_with("ip", "not-an-ip"), "ip: must be an IPv4 or IPv6 address");
  EXPECT_EQ(checkin_with("ip", "2001:db8::42").ip, "2001:db8::42");
}

TEST(CheckinReport, NegativeInfectionsAreRejected) {
  EXPECT_EQ(checkin_error_with("infections", -1),
            "infections: must be between 0 and 9223372036854775807");
  EXPECT_EQ(checkin_error_with("infections", -1.0),
            "infections: must be between 0 and 9223372036854775807");
}

TEST(CheckinReport, InfectionsAboveAMillionAreStoredAsAMillion) {
  EXPECT_EQ(checkin_with("infections", 0).infections, 0);
  EXPECT_EQ(checkin_with("infections", 999999).infections, 999999);
  EXPECT_EQ(checkin_with("infections", kMaxReportedInfections).infections, 1000000);
  EXPECT_EQ(checkin_with("infections", 1000001).infections, kMaxReportedInfections);
  EXPECT_EQ(checkin_with("infections", std::numeric_limits<std::int64_t>::max()).infections,
            kMaxReportedInfections);
  EXPECT_EQ(checkin_with("infections", 5.0e9).infections, kMaxReportedInfections);
}

// SPEC: "infections: a whole number >= 0; counts above 1,000,000 are stored as 1,000,000".
// A count beyond int64 (as a JavaScript or 64-bit unsigned client may send) is such a number.
TEST(CheckinReport, InfectionsBeyondInt64AreStoredAsAMillion) {
  auto body = valid_checkin();
  body["infections"] = std::numeric_limits<std::uint64_t>::max();
  try {
    EXPECT_EQ(parse_checkin_report(body).infections, kMaxReportedInfections);
  } catch (const Error& error) {
    ADD_FAILURE() << "rejected: " << error.what();
  }
}

TEST(CheckinReport, WholeDoublesAreIntegersAndFractionsAreNot) {
  EXPECT_EQ(checkin_with("infections", 3.0).infections, 3);
  EXPECT_EQ(checkin_with("settings_revision", 4.0).settings_revision, 4);
  EXPECT_EQ(checkin_with("infections", boost::json::parse("3e0")).infections, 3);
  EXPECT_EQ(checkin_with("infections", -0.0).infections, 0);
  EXPECT_EQ(checkin_error_with("infections", 3.5), "infections: must be a whole number");
  EXPECT_EQ(checkin_error_with("infections", 0.000001), "infections: must be a whole number");
  EXPECT_EQ(checkin_error_with("settings_revision", 1.25),
            "settings_revision: must be a whole number");
}

TEST(CheckinReport, SettingsRevisionMustNotBeNegative) {
  EXPECT_EQ(checkin_with("settings_revision", 0).settings_revision, 0);
  EXPECT_EQ(checkin_error_with("settings_revision", -1),
            "settings_revision: must be between 0 and 9223372036854775807");
}

TEST(CheckinReport, CommandResultsMustBeAnArrayOfObjects) {
  EXPECT_EQ(checkin_error_with("command_results", boost::json::object{}),
            "command_results: must be an array");
  EXPECT_EQ(checkin_error_with("command_results", "[]"), "command_results: must be an array");
  EXPECT_EQ(
      checkin_error_with("command_results", boost::json::array{command_result(1, true, "a"), 5}),
      "command_results[1]: must be a JSON object");
  EXPECT_EQ(checkin_error_with("command_results", boost::json::array{nullptr}),
            "command_results[0]: must be a JSON object");
  EXPECT_TRUE(checkin_with("command_results", boost::json::array{}).command_results.empty());
}

TEST(CheckinReport, CommandResultFieldsAreValidatedByPath) {
  const auto without = [](const char* member) {
    auto item = command_result(9, true, "m");
    item.erase(member);
    return boost::json::array{command_result(1, true, "a"), item};
  };
  EXPECT_EQ(checkin_error_with("command_results", without("id")),
            "command_results[1].id: is required");
  EXPECT_EQ(checkin_error_with("command_results", without("ok")),
            "command_results[1].ok: is required");
  EXPECT_EQ(checkin_with("command_results", without("message")).command_results[1].message, "");

  auto item = command_result(0, true, "m");
  EXPECT_EQ(checkin_error_with("command_results", boost::json::array{item}),
            "command_results[0].id: must be between 1 and 9223372036854775807");
  item["id"] = "12";
  EXPECT_EQ(checkin_error_with("command_results", boost::json::array{item}),
            "command_results[0].id: must be a whole number");
  item["id"] = 12.0;
  EXPECT_EQ(checkin_with("command_results", boost::json::array{item}).command_results[0].command_id,
            12);
  item["ok"] = "true";
  EXPECT_EQ(checkin_error_with("command_results", boost::json::array{item}),
            "command_results[0].ok: must be true or false");
  item = command_result(12, false, 404);
  EXPECT_EQ(checkin_error_with("command_results", boost::json::array{item}),
            "command_results[0].message: must be a string");
  item["message"] = nullptr;
  const auto report = checkin_with("command_results", boost::json::array{item});
  EXPECT_FALSE(report.command_results[0].ok);
  EXPECT_EQ(report.command_results[0].message, "");
}

TEST(CheckinReport, AtMostOneHundredCommandResults) {
  boost::json::array results;
  for (int i = 1; i <= 100; ++i) results.push_back(command_result(i, i % 2 == 0, "r"));
  const auto report = checkin_with("command_results", results);
  ASSERT_EQ(report.command_results.size(), 100u);
  EXPECT_EQ(report.command_results[99].command_id, 100);
  EXPECT_TRUE(report.command_results[99].ok);
  EXPECT_FALSE(report.command_results[98].ok);
  results.push_back(command_result(101, true, "r"));
  EXPECT_EQ(checkin_error_with("command_results", results),
            "command_results: must have at most 100 entries");
}

TEST(CheckinReport, CommandMessagesAreCutAtOneThousandCodePoints) {
  EXPECT_EQ(only_result_message(repeat("m", 1000)), repeat("m", 1000));
  EXPECT_EQ(only_result_message(repeat("m", 1001)), repeat("m", 1000));
  EXPECT_EQ(only_result_message(repeat("m", 50000)), repeat("m", 1000));
  // Multi-byte text is cut between code points, so the result stays valid UTF-8.
  const std::string cut =
      only_result_message(repeat("\xc3\xa4", 999) + repeat("\xf0\x9f\x9a\x80", 5));
  EXPECT_TRUE(is_valid_utf8(cut));
  EXPECT_EQ(utf8_length(cut), 1000u);
  EXPECT_EQ(cut, repeat("\xc3\xa4", 999) + "\xf0\x9f\x9a\x80");
  const std::string emoji = only_result_message(repeat("\xf0\x9f\x9a\x80", 1200));
  EXPECT_EQ(emoji, repeat("\xf0\x9f\x9a\x80", 1000));
}

TEST(CheckinReport, CommandMessagesMayHaveLineBreaksButNoOtherControlCharacters) {
  EXPECT_EQ(only_result_message("  scan finished\nno threats\tfound  "),
            "scan finished\nno threats\tfound");
  const auto bad = [](const boost::json::value& message) {
    return checkin_error_with("command_results",
                              boost::json::array{command_result(3, true, message)});
  };
  EXPECT_EQ(bad("bell\x07"), "command_results[0].message: must not contain control characters");
  EXPECT_EQ(bad("broken \xff"), "command_results[0].message: is not valid UTF-8");
}

}  // namespace
}  // namespace keyward::core
