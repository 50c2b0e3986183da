#include "app/webhook_transport.hpp"

#include "app/curl_easy.hpp"

namespace keyward::app {
namespace {

// The answer body means nothing to Keyward (only the status does), so it is not kept.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

CurlList headers_for(const WebhookRequest& request, core::UnixTime now) {
  const std::string lines[] = {
      "Content-Type: application/json",
      "User-Agent: Keyward-Webhooks/1",
      std::string(core::kSignatureHeader) + ": " +
          core::webhook_signature(request.secret, now, request.body),
      "Keyward-Event: " + std::string(core::to_string(request.event_type)),
      "Keyward-Event-Id: " + request.event_id,
      "Keyward-Delivery: " + std::to_string(request.delivery_id),
      "Expect:",  // no 100-continue round trip for a small body
  };
  curl_slist* list = nullptr;
  for (const std::string& line : lines) list = curl_slist_append(list, line.c_str());
  return CurlList(list);
}

}  // namespace

std::optional<std::string> WebhookTransport::send(const WebhookRequest& request,
                                                  core::UnixTime now) const {
  char error[CURL_ERROR_SIZE] = "";
  const CurlHandle curl = new_curl_handle(request.url, cancel_, error);
  if (!curl) return "could not create a request";
  const CurlList headers = headers_for(request, now);
  CURL* handle = curl.get();
  // The URL was checked when the webhook was saved; these keep curl to what was checked.
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) return curl_error_text(code, error);
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) return "HTTP " + std::to_string(status);
  return std::nullopt;
}

}  // namespace keyward::app
