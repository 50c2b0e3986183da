#pragma once
// Companies: resellers under the operator, customers under a reseller.

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

// A company named by its id (digits) or its name (any letter case) within the actor's
// scope; core::Error not_found ("<role> not found") otherwise.
core::Company resolve_company(store::Connection& connection, const Actor& actor,
                              const std::string& reference, const std::string& role = "company");

// The reseller a company belongs to (a reseller belongs to itself).
core::Id reseller_of(const core::Company& company);

// Creates a reseller (parent: the operator, the default) or a customer (parent: a
// reseller, required) and logs it. Names are unique per parent in any letter case.
core::Company create_company(store::Database& database, const Actor& actor, core::CompanyKind kind,
                             const std::string& name,
                             const std::optional<std::string>& parent_reference);

}  // namespace keyward::app
