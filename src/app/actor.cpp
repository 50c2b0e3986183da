#include "app/actor.hpp"

#include <chrono>

#include "core/error.hpp"
#include "store/company_store.hpp"

namespace keyward::app {

Actor command_line_actor(store::Connection& connection) {
  const core::Company operator_company = store::CompanyStore(connection).operator_company();
  return Actor{std::nullopt, "command line", core::Role::admin,
               core::TenantScope::of(operator_company)};
}

void require_change_rights(const Actor& actor, std::string_view what) {
  if (actor.role == core::Role::viewer) {
    throw core::Error(core::ErrorKind::forbidden, "forbidden",
                      "viewers can not " + std::string(what));
  }
}

void require_admin(const Actor& actor, std::string_view what) {
  if (actor.role != core::Role::admin) {
    throw core::Error(core::ErrorKind::forbidden, "forbidden",
                      "only admins can " + std::string(what));
  }
}

void require_operator_admin(const Actor& actor, std::string_view what) {
  if (!actor.scope.sees_all() || actor.role != core::Role::admin) {
    throw core::Error(core::ErrorKind::forbidden, "forbidden",
                      "only the operator's admins can " + std::string(what));
  }
}

Actor user_actor(const core::User& user, const core::Company& company) {
  return Actor{user.id, user.name.empty() ? user.email : user.name, user.role,
               core::TenantScope::of(company)};
}

core::UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace keyward::app
