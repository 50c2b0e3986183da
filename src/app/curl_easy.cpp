#include "app/curl_easy.hpp"

#include <mutex>

namespace keyward::app {
namespace {

constexpr long kConnectTimeoutSeconds = 10;
constexpr long kTransferTimeoutSeconds = 120;

int abort_when_cancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

void initialize_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

CurlHandle new_curl_handle(const std::string& url, const std::atomic<bool>& cancel, char* error) {
  initialize_curl_once();
  CurlHandle curl(curl_easy_init());
  if (!curl) return curl;
  error[0] = '\0';
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, kTransferTimeoutSeconds);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // signals belong to the server's main loop
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, abort_when_cancelled);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &cancel);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  return curl;
}

std::string curl_error_text(CURLcode code, const char* error) {
  return error[0] != '\0' ? error : curl_easy_strerror(code);
}

}  // namespace keyward::app
