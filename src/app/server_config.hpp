#pragma once
// Settings of a running server that the use cases need (links in mails and config files,
// where mail goes).

#include <optional>
#include <string>

namespace keyward::app {

struct ServerConfig {
  std::string public_url;             // e.g. https://keyward.example.com (no trailing slash)
  std::optional<std::string> smtp_url;  // smtp://host:port or smtps://user:pass@host
  std::string data_dir = "var";         // files the server keeps (published installers)
  std::string work_dir;                 // files made for one request; empty: <data_dir>/tmp
};

// Checks --public-url (http or https URL without query) and --smtp (smtp:// or smtps://);
// throws core::Error invalid_request naming the option.
ServerConfig make_server_config(const std::string& public_url,
                                const std::optional<std::string>& smtp_url);

}  // namespace keyward::app
