#pragma once
// Hands one finished message to an SMTP or SMTPS server (libcurl; only this translation unit
// includes it). The URL may carry credentials (smtps://user:pass@host): they go to the server
// and nowhere else, never into an error text or a log line.

#include <atomic>
#include <optional>
#include <string>

namespace keyward::app {

struct SmtpSecurity {
  // CA certificates (PEM file) the server's certificate must chain to; empty: the system's.
  std::optional<std::string> ca_file;
  // smtp:// must upgrade with STARTTLS (else the mail is not sent); without it the upgrade is
  // made whenever the server offers it.
  bool require_tls = false;
};

class SmtpTransport {
 public:
  // `cancel` aborts a running transfer (shutdown must not wait for a slow server).
  SmtpTransport(std::string url, SmtpSecurity security, const std::atomic<bool>& cancel);
  // Sends `message` from `sender` to `recipient`; nothing when the server accepted it, else
  // why not (for the outbox's last_error).
  std::optional<std::string> send(const std::string& sender, const std::string& recipient,
                                  const std::string& message) const;

 private:
  std::string url_;
  SmtpSecurity security_;
  const std::atomic<bool>& cancel_;
};

// `url` with its user and password left out, for log lines.
std::string smtp_url_without_credentials(const std::string& url);

}  // namespace keyward::app
