#pragma once
// Hands finished messages to an SMTP or SMTPS server (libcurl; only this translation unit
// includes it). The URL may carry credentials (smtps://user:pass@host): they go to the server
// and nowhere else, never into an error text or a log line.

#include <atomic>
#include <memory>
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

// Where and how mail is sent: the server's URL and TLS rules, and the flag that aborts a
// running exchange (shutdown must not wait for a slow server). Mails go through sessions.
class SmtpTransport {
 public:
  SmtpTransport(std::string url, SmtpSecurity security, const std::atomic<bool>& cancel);

 private:
  friend class SmtpSession;
  std::string url_;
  SmtpSecurity security_;
  const std::atomic<bool>& cancel_;
};

// One SMTP connection for the mails of one delivery pass, sent one after the other and closed
// (QUIT) when the session ends. The pass records each result before that, so the QUIT round
// trip is not part of the window in which a crash leaves a mail that the server accepted
// unmarked (such a mail is sent again, app/queue_delivery.hpp); and a pass connects once, not
// once per mail. One thread at a time.
class SmtpSession {
 public:
  explicit SmtpSession(const SmtpTransport& transport);
  ~SmtpSession();
  SmtpSession(const SmtpSession&) = delete;
  SmtpSession& operator=(const SmtpSession&) = delete;

  // Sends `message` from `sender` to `recipient` (connecting first if need be); nothing when
  // the server accepted it, else why not (for the outbox's last_error).
  std::optional<std::string> send(const std::string& sender, const std::string& recipient,
                                  const std::string& message);

 private:
  struct Connection;
  const SmtpTransport& transport_;
  std::unique_ptr<Connection> connection_;
};

// `url` with its user and password left out, for log lines.
std::string smtp_url_without_credentials(const std::string& url);

}  // namespace keyward::app
