#include "raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace keyward::http::testing {

namespace {

using Clock = std::chrono::steady_clock;

// Waits for readable data; -1 on timeout, 0 on close, otherwise the number of bytes read.
long read_some(int fd, std::string& into, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return -1;
  pollfd descriptor{fd, POLLIN, 0};
  if (::poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) return -1;
  char chunk[16 * 1024];
  const auto n = ::recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) return 0;  // orderly close or reset: either way the server is gone
  into.append(chunk, static_cast<std::size_t>(n));
  return n;
}

}  // namespace

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(std::string_view data) {
  while (!data.empty()) {
    const auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string RawConnection::read_until_close(std::chrono::milliseconds timeout, bool* closed) {
  const auto deadline = Clock::now() + timeout;
  long n;
  while ((n = read_some(fd_, pending_, deadline)) > 0) {
  }
  if (closed) *closed = n == 0;
  return std::move(pending_);
}

std::string RawConnection::read_until(std::string_view marker, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (pending_.find(marker) == std::string::npos && read_some(fd_, pending_, deadline) > 0) {
  }
  const auto end = pending_.find(marker);
  const auto cut = end == std::string::npos ? pending_.size() : end + marker.size();
  std::string head = pending_.substr(0, cut);
  pending_.erase(0, cut);
  return head;
}

}  // namespace keyward::http::testing
