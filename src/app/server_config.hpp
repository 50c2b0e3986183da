#pragma once
// Settings of a running server that the use cases need (links in mails and config files,
// where mail goes).

#include <optional>
#include <string>
#include <vector>

namespace keyward::app {

struct ServerConfig {
  std::string public_url;               // e.g. https://keyward.example.com (no trailing slash)
  std::optional<std::string> smtp_url;  // smtp://host:port or smtps://user:pass@host
  std::string mail_from;                // sender of every mail; keyward@<public-url host>
  // Load balancers and reverse proxies in front of the server, whose X-Forwarded-For names
  // the client (for the login rate limit per address). Nobody else's header is believed.
  std::vector<std::string> trusted_proxies;
  std::string data_dir = "var";  // files the server keeps (published installers)
  std::string work_dir;          // files made for one request; empty: <data_dir>/tmp
};

// Checks --public-url (http or https URL without query), --smtp (smtp:// or smtps://),
// --trusted-proxy (IP addresses, kept in canonical form) and --mail-from (an e-mail address);
// throws core::Error invalid_request naming the option.
ServerConfig make_server_config(const std::string& public_url,
                                const std::optional<std::string>& smtp_url,
                                const std::vector<std::string>& trusted_proxies = {},
                                const std::optional<std::string>& mail_from = std::nullopt);

}  // namespace keyward::app
