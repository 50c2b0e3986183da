#pragma once
// Companies: resellers under the operator, customers under a reseller.

#include <optional>
#include <string>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "core/list_query.hpp"
#include "store/company_store.hpp"
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

// The portal's side: the actor's company and everything below it.
store::ListPage<core::Company> list_companies(store::Database& database, const Actor& actor,
                                              const store::CompanyFilter& filter,
                                              const core::ListQuery& query);
// 404 for unknown ids and companies outside the actor's scope alike.
core::Company find_company(store::Database& database, const Actor& actor, core::Id id);

// An admin creates a company directly below their own: the operator's admins resellers,
// a reseller's admins customers (403 for other roles and for customers, which have nothing
// below them). `kind`, when given, must be that kind (400 invalid_parent otherwise).
core::Company create_child_company(store::Database& database, const Actor& actor,
                                   const std::string& name, std::optional<core::CompanyKind> kind);

// Admins rename the companies below their own (403 for their own company); 409
// company_exists when a sibling has the name in any letter case. Logged.
core::Company rename_company(store::Database& database, const Actor& actor, core::Id id,
                             const std::string& name);

}  // namespace keyward::app
