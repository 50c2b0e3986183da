#pragma once
// A small blocking HTTP/1.1 keep-alive client for tests, the device simulator and benchmarks.

#include <cstdint>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace keyward::http {

class Client {
 public:
  // Connects lazily; reconnects when the server closed the connection.
  Client(std::string host, std::uint16_t port, bool tls = false);
  ~Client();
  Response request(Method method, const std::string& target, const std::string& body = "",
                   const Headers& headers = {});
  Response get(const std::string& target, const Headers& headers = {}) {
    return request(Method::get, target, "", headers);
  }
  Response post(const std::string& target, const std::string& body, const Headers& headers = {}) {
    return request(Method::post, target, body, headers);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keyward::http
