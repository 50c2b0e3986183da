#include "app/server_config.hpp"

#include "app/smtp_transport.hpp"
#include "core/error.hpp"
#include "core/ip_address.hpp"
#include "core/validation.hpp"

namespace keyward::app {
namespace {

bool starts_with_any(const std::string& text, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (text.size() > prefix.size() && text.starts_with(prefix)) return true;
  }
  return false;
}

// The host of a checked http(s) URL, without brackets around an IPv6 address.
std::string host_of(const std::string& url) {
  const auto start = url.find("://") + 3;
  if (url[start] == '[') return url.substr(start + 1, url.find(']', start) - start - 1);
  return url.substr(start, url.find_first_of(":/", start) - start);
}

// The mail domain of a host: an IP address must be an address literal in an SMTP address
// ("[10.0.0.7]", "[IPv6:2001:db8::1]", RFC 5321 section 4.1.3), a name is used as it is.
std::string mail_domain_of(const std::string& host) {
  const auto address = core::canonical_ip_address(host);
  if (!address) return host;
  return address->find(':') == std::string::npos ? "[" + *address + "]" : "[IPv6:" + *address + "]";
}

}  // namespace

ServerConfig make_server_config(const std::string& public_url,
                                const std::optional<std::string>& smtp_url,
                                const std::vector<std::string>& trusted_proxies,
                                const std::optional<std::string>& mail_from) {
  ServerConfig config;
  config.public_url = core::require_text("--public-url", public_url, 1, 2000);
  if (!starts_with_any(config.public_url, {"http://", "https://"}) ||
      config.public_url.find_first_of("?# ") != std::string::npos) {
    throw core::invalid_request("--public-url", "must be an http:// or https:// URL");
  }
  while (config.public_url.ends_with('/')) config.public_url.pop_back();
  if (smtp_url) {
    const std::string smtp = core::require_text("--smtp", *smtp_url, 1, 2000);
    if (!starts_with_any(smtp, {"smtp://", "smtps://"})) {
      throw core::invalid_request("--smtp", "must be an smtp:// or smtps:// URL");
    }
    // The message never repeats the URL: it may carry the password.
    const std::string shown = smtp_url_without_credentials(smtp);
    const auto host = shown.find("://") + 3;
    if (host == shown.size() || std::string(":/?#").find(shown[host]) != std::string::npos) {
      throw core::invalid_request("--smtp", "names no mail server host");
    }
    config.smtp_url = smtp;
  }
  for (const auto& proxy : trusted_proxies) {
    const auto address = core::canonical_ip_address(proxy);
    if (!address) throw core::invalid_request("--trusted-proxy", "must be an IP address: " + proxy);
    config.trusted_proxies.push_back(*address);
  }
  config.mail_from = mail_from ? core::require_email("--mail-from", *mail_from)
                               : "keyward@" + mail_domain_of(host_of(config.public_url));
  return config;
}

}  // namespace keyward::app
