#include "app/smtp_transport.hpp"

#include <algorithm>
#include <cstring>

#include "app/curl_easy.hpp"

namespace keyward::app {
namespace {

struct Upload {
  const std::string& data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

std::string describe(CURLcode code, const char* detail) {
  return "SMTP: " + curl_error_text(code, detail);
}

}  // namespace

SmtpTransport::SmtpTransport(std::string url, SmtpSecurity security,
                             const std::atomic<bool>& cancel)
    : url_(std::move(url)), security_(std::move(security)), cancel_(cancel) {}

// The easy handle keeps the connection between transfers; curl_easy_cleanup sends QUIT.
struct SmtpSession::Connection {
  char error[CURL_ERROR_SIZE] = "";
  CurlHandle curl;
};

SmtpSession::SmtpSession(const SmtpTransport& transport) : transport_(transport) {}

SmtpSession::~SmtpSession() = default;

std::optional<std::string> SmtpSession::send(const std::string& sender,
                                             const std::string& recipient,
                                             const std::string& message) {
  if (!connection_) {
    auto connection = std::make_unique<Connection>();
    connection->curl = new_curl_handle(transport_.url_, transport_.cancel_, connection->error);
    if (!connection->curl) return "SMTP: could not create a transfer";
    CURL* handle = connection->curl.get();
    // smtp:// upgrades with STARTTLS when the server offers it, so credentials and mail are
    // not sent in the clear where that can be avoided (or, when TLS is required, only then);
    // smtps:// is TLS from the start. Certificates are always verified, host name included.
    const SmtpSecurity& security = transport_.security_;
    curl_easy_setopt(handle, CURLOPT_USE_SSL,
                     static_cast<long>(security.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    if (security.ca_file) curl_easy_setopt(handle, CURLOPT_CAINFO, security.ca_file->c_str());
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_upload);
    connection_ = std::move(connection);
  }
  CURL* handle = connection_->curl.get();
  connection_->error[0] = '\0';
  const CurlList recipients(curl_slist_append(nullptr, ("<" + recipient + ">").c_str()));
  const std::string from = "<" + sender + ">";
  Upload upload{message};
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  const CURLcode code = curl_easy_perform(handle);
  // The list and the upload end with this call; the handle must not point at them.
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(handle, CURLOPT_READDATA, nullptr);
  if (code != CURLE_OK) return describe(code, connection_->error);
  return std::nullopt;
}

std::string smtp_url_without_credentials(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority = scheme_end + 3;
  const auto path = std::min(url.find_first_of("/?#", authority), url.size());
  // The last '@' of the authority ends the user information: a password may hold another one.
  const auto at = url.rfind('@', path - 1);
  if (at == std::string::npos || at < authority) return url;
  return url.substr(0, authority) + url.substr(at + 1);
}

}  // namespace keyward::app
