#include "app/server_config.hpp"

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

}  // namespace

ServerConfig make_server_config(const std::string& public_url,
                                const std::optional<std::string>& smtp_url,
                                const std::vector<std::string>& trusted_proxies) {
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
    config.smtp_url = smtp;
  }
  for (const auto& proxy : trusted_proxies) {
    const auto address = core::canonical_ip_address(proxy);
    if (!address) throw core::invalid_request("--trusted-proxy", "must be an IP address: " + proxy);
    config.trusted_proxies.push_back(*address);
  }
  return config;
}

}  // namespace keyward::app
