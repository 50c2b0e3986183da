#pragma once
// Issuing licenses (the operator's side of SPEC.md §2 "License").

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct LicenseOrder {
  std::string customer_reference;  // id or name of a customer
  std::int64_t seats = 0;          // ignored for msp licenses (unlimited)
  std::int64_t years = 0;          // 1, 2, 3 or 5
  std::string type = "purchase";   // purchase | msp
  std::string name;                // defaults to the customer's name
};

struct IssuedLicense {
  core::License license;
  core::Group main_group;
};

// Creates the license with a fresh random key and its main group (named after the customer)
// in one transaction, and logs it. Only the operator's admins issue licenses.
IssuedLicense issue_license(store::Database& database, const Actor& actor,
                            const LicenseOrder& order);

}  // namespace keyward::app
