#include "http/request_id.hpp"

#include <random>

namespace keyward::http {

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() {
  // Ids only need to be unique, not secret; a per-thread generator avoids any locking on the
  // I/O threads.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::string id(32, '0');
  for (std::size_t i = 0; i < id.size(); i += 16) {
    auto bits = generator();
    for (std::size_t j = 0; j < 16; ++j, bits >>= 4) id[i + j] = digits[bits & 0xf];
  }
  return id;
}

}  // namespace keyward::http
