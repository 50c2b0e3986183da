#pragma once
// Secrets (session, API and device tokens) are stored only as hashes, so a leaked database
// does not hand out working credentials. Tokens are 256 random bits, so a fast unsalted hash
// is enough: there is nothing to brute-force.

#include <string>
#include <string_view>

namespace keyward::store {

// BLAKE2b-256 of `token` as 64 lowercase hex digits.
std::string hash_token(std::string_view token);

// Tokens themselves are made by app::new_token (src/app/secrets.hpp).

}  // namespace keyward::store
