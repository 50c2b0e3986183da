#include "store/token_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace keyward::store {
namespace {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; a failure means no usable randomness.
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();
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
