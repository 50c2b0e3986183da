#pragma once
// What the libcurl transports (app/smtp_transport, app/webhook_transport) share: one easy
// handle per exchange, bounded in time, that a shutdown can abort. Only transports include
// this header (and so libcurl).

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>

namespace keyward::app {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, SlistDeleter>;

// A handle for one exchange with `url`: a receiver that does not answer within 10 s is as good
// as down, and the whole exchange is bounded (120 s), so one stuck connection delays its queue
// by minutes at most; `cancel` aborts it; curl's error text goes to `error` (CURL_ERROR_SIZE).
// Empty when curl could not make one.
CurlHandle new_curl_handle(const std::string& url, const std::atomic<bool>& cancel, char* error);

// curl's own description when it wrote one (it names host and port, never a password).
std::string curl_error_text(CURLcode code, const char* error);

}  // namespace keyward::app
