#pragma once
// Randomness and password hashing (libsodium). Tokens are 256-bit random values shown once
// and stored only as hashes; passwords are stored as Argon2id strings.

#include <string>
#include <string_view>

namespace keyward::app {

// Must run once before any other call (idempotent, thread-safe).
void init_secrets();

std::string new_license_key();
// 256 random bits, URL-safe base64 without padding (43 characters), with a readable prefix
// ("kw_" for API tokens, "kwd_" for device tokens) so leaked tokens are recognisable.
std::string new_token(std::string_view prefix);

std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& stored_hash);

// Password rule for portal users: 10..256 characters.
void require_password_strength(std::string_view password);

}  // namespace keyward::app
