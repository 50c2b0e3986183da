#pragma once
// A plain TCP connection for what the HTTP client deliberately cannot send: malformed or
// incomplete requests, pipelining and a silent peer.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace keyward::http::testing {

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the server has already closed the connection.
  bool send(std::string_view data);
  // Everything received until the server closes the connection or `timeout` passes; `closed`
  // tells which of the two happened.
  std::string read_until_close(std::chrono::milliseconds timeout, bool* closed = nullptr);
  // Reads until `data` contains `marker` (or the connection closes, or `timeout` passes).
  std::string read_until(std::string_view marker, std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;
};

}  // namespace keyward::http::testing
