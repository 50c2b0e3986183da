#include "store/token_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace keyward::store {
namespace {

void ensure_sodium() {
  // A failure means no usable randomness. sodium_init is idempotent but takes a lock, and
  // every device check-in hashes a token: once per process is enough.
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  static_cast<void>(ready);
}

// Plain hex digits: the hash is a lookup key compared by the database, so the constant time
// of sodium_bin2hex buys nothing here and costs several times as much.
std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(size * 2, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[data[i] >> 4];
    hex[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return hex;
}

}  // namespace

std::string hash_token(std::string_view token) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof(digest), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(digest, sizeof(digest));
}

}  // namespace keyward::store
