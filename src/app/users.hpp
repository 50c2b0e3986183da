#pragma once
// Portal users and their API tokens.

#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct NewUser {
  std::string company_reference;  // id or name
  std::string email;
  std::string role;  // admin | technician | viewer
  std::string password;
  std::string name;  // display name; defaults to the e-mail's local part
};

// Validates everything (e-mail, role, password strength), stores an Argon2id hash of the
// password and logs the change. An e-mail in use (any letter case) is a conflict.
core::User create_user(store::Database& database, const Actor& actor, const NewUser& request);

struct IssuedApiToken {
  core::ApiToken record;
  std::string token;  // shown once; only its hash is stored
};

// A new API token for the user with `email` (within the actor's scope).
IssuedApiToken create_api_token(store::Database& database, const Actor& actor,
                                 const std::string& email, const std::string& name);

}  // namespace keyward::app
