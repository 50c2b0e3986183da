#include "core/webhook.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "core/error.hpp"
#include "core/ip_address.hpp"
#include "core/validation.hpp"

namespace keyward::core {
namespace {

constexpr std::size_t kMaxUrlLength = 2000;

Error invalid_url(std::string_view field, std::string_view why) {
  return invalid_request(std::string(field), std::string(why));
}

// The host of an authority "host[:port]" or "[v6][:port]"; empty when malformed.
std::string host_of(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto end = authority.find(']');
    if (end == std::string_view::npos) return "";
    const auto rest = authority.substr(end + 1);
    if (!rest.empty() && !rest.starts_with(':')) return "";
    return std::string(authority.substr(1, end - 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

bool valid_port(std::string_view authority) {
  const auto close = authority.rfind(']');
  const auto colon = authority.find(':', close == std::string_view::npos ? 0 : close);
  if (colon == std::string_view::npos) return true;
  const auto port = authority.substr(colon + 1);
  return !port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         std::stoi(std::string(port)) > 0 && std::stoi(std::string(port)) <= 65535;
}

bool is_loopback(const std::string& host) {
  if (ascii_lower(host) == "localhost") return true;
  const auto ip = canonical_ip_address(host);
  return ip && (*ip == "::1" || ip->starts_with("127."));
}

bool valid_host(const std::string& host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':';
  });
}

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    text += kDigits[data[i] >> 4];
    text += kDigits[data[i] & 0xf];
  }
  return text;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
           &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return hex(digest.data(), length);
}

// The value of `name=` in a comma-separated header; empty when absent.
std::string_view header_part(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    while (part.starts_with(' ')) part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return part.substr(name.size() + 1);
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return {};
}

}  // namespace

std::string require_webhook_url(std::string_view field, std::string_view url) {
  if (url.empty() || url.size() > kMaxUrlLength || !is_valid_utf8(url)) {
    throw invalid_url(field, "must be a URL of at most 2000 characters");
  }
  const std::string lower = ascii_lower(url);
  const bool https = lower.starts_with("https://");
  if (!https && !lower.starts_with("http://")) {
    throw invalid_url(field, "must be an https:// URL");
  }
  const std::size_t start = https ? 8 : 7;
  if (std::any_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '#';
      })) {
    throw invalid_url(field, "must not contain spaces, control characters or a fragment");
  }
  const auto path = url.find_first_of("/?", start);
  const std::string_view authority =
      url.substr(start, path == std::string_view::npos ? std::string_view::npos : path - start);
  if (authority.find('@') != std::string_view::npos) {
    throw invalid_url(field, "must not contain credentials (the secret signs the requests)");
  }
  const std::string host = host_of(authority);
  if (!valid_host(host) || !valid_port(authority)) throw invalid_url(field, "has no valid host");
  if (!https && !is_loopback(host)) {
    throw invalid_url(field, "must be an https:// URL (plain http only to a loopback address)");
  }
  return std::string(url);
}

std::vector<EventType> parse_event_types(const boost::json::value& value, std::string_view field) {
  const Error invalid = invalid_request(
      std::string(field),
      "must be a non-empty list of activation, deactivation, threshold_reached, infection, "
      "license_expiring, export_done");
  if (!value.is_array() || value.get_array().empty()) throw invalid;
  std::vector<EventType> types;
  const auto allowed = subscribable_event_types();
  for (const auto& name : value.get_array()) {
    if (!name.is_string()) throw invalid;
    const auto found = std::find_if(allowed.begin(), allowed.end(), [&](EventType type) {
      return to_string(type) == name.get_string();
    });
    if (found == allowed.end()) throw invalid;
    if (std::find(types.begin(), types.end(), *found) == types.end()) types.push_back(*found);
  }
  std::sort(types.begin(), types.end());
  return types;
}

std::string event_types_json(const std::vector<EventType>& types) {
  boost::json::array names;
  for (const EventType type : types) names.emplace_back(to_string(type));
  return boost::json::serialize(names);
}

std::vector<EventType> event_types_from_json(std::string_view json) {
  std::vector<EventType> types;
  boost::system::error_code error;
  const auto names = boost::json::parse(json, error);
  if (error || !names.is_array()) return types;
  for (const auto& name : names.get_array()) {
    if (!name.is_string()) continue;
    const auto type = parse_event_type(name.get_string());
    if (type) types.push_back(*type);
  }
  return types;
}

bool subscribes(const Webhook& webhook, EventType type) {
  return std::find(webhook.events.begin(), webhook.events.end(), type) != webhook.events.end();
}

std::string webhook_signature(std::string_view secret, UnixTime timestamp, std::string_view body) {
  const std::string stamp = std::to_string(timestamp);
  std::string message;
  message.reserve(stamp.size() + 1 + body.size());
  message.append(stamp).append(".").append(body);
  return "t=" + stamp + ",v1=" + hmac_sha256_hex(secret, message);
}

bool verify_webhook_signature(std::string_view secret, std::string_view header,
                              std::string_view body, UnixTime now, UnixTime tolerance) {
  const std::string_view stamp = header_part(header, "t");
  const std::string_view signature = header_part(header, "v1");
  if (stamp.empty() || signature.empty() || stamp.size() > 18 ||
      !std::all_of(stamp.begin(), stamp.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const UnixTime timestamp = std::stoll(std::string(stamp));
  if (timestamp < now - tolerance || timestamp > now + tolerance) return false;
  const std::string signed_header = webhook_signature(secret, timestamp, body);
  const std::string_view expected = header_part(signed_header, "v1");
  // Constant time, so the comparison does not tell an attacker how much of a guess was right.
  return expected.size() == signature.size() &&
         CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

}  // namespace keyward::core
