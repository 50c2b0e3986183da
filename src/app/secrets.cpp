#include "app/secrets.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "core/error.hpp"
#include "core/license_key.hpp"
#include "core/validation.hpp"

namespace keyward::app {

void init_secrets() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string new_license_key() {
  core::LicenseKeyBytes bytes;
  randombytes_buf(bytes.data(), bytes.size());
  return core::format_license_key(bytes);
}

std::string new_token(std::string_view prefix) {
  std::array<unsigned char, 32> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.resize(encoded.find('\0'));
  return std::string(prefix) + encoded;
}

std::string hash_password(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  // Interactive limits: ~50 ms and 64 MiB per hash, the libsodium recommendation for logins.
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw core::Error(core::ErrorKind::internal, "internal_error", "out of memory hashing password");
  }
  return hash;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

void require_password_strength(std::string_view password) {
  if (!core::is_valid_utf8(password)) throw core::invalid_request("password", "is not valid UTF-8");
  const std::size_t length = core::utf8_length(password);
  if (length < 10) throw core::invalid_request("password", "must have at least 10 characters");
  if (length > 256) throw core::invalid_request("password", "must have at most 256 characters");
}

}  // namespace keyward::app
