#include "support/free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

namespace keyward::test {
namespace {

// Ports below this are left to system services.
constexpr int kLowestPort = 10000;
constexpr int kAttempts = 200;

// The first port of the kernel's ephemeral range (32768 when it can't be read).
int ephemeral_range_start() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int first = 0;
  return range >> first && first > kLowestPort + 1000 ? first : 32768;
}

bool can_bind(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return bound;
}

}  // namespace

std::uint16_t free_port() {
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<int> pick(kLowestPort, ephemeral_range_start() - 1);
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const auto port = static_cast<std::uint16_t>(pick(random));
    if (can_bind(port)) return port;
  }
  throw std::runtime_error("free_port: no free port below the ephemeral range");
}

}  // namespace keyward::test
