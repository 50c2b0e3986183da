#pragma once
// A small blocking HTTP/1.1 keep-alive client for tests, the device simulator and benchmarks.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace keyward::http {

class Client {
 public:
  // Connects lazily and keeps the connection open between requests. With `tls` the server's
  // certificate is not verified: the client talks to test and demo servers with self-signed
  // certificates. Every network step (connect, handshake, write, read) must finish within
  // `timeout`.
  Client(std::string host, std::uint16_t port, bool tls = false,
         std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Returns any HTTP status as a Response with lower-case header names; throws core::Error
  // unavailable when the server cannot be reached or the exchange fails. A request on a
  // kept-alive connection that the server has closed meanwhile is sent once more on a new
  // connection. A non-empty body without a content-type header is sent as application/json.
  Response request(Method method, const std::string& target, const std::string& body = "",
                   const Headers& headers = {});
  Response get(const std::string& target, const Headers& headers = {}) {
    return request(Method::get, target, "", headers);
  }
  Response post(const std::string& target, const std::string& body, const Headers& headers = {}) {
    return request(Method::post, target, body, headers);
  }
  // Drops the connection; the next request opens a new one.
  void disconnect();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keyward::http
