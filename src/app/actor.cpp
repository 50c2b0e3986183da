#include "app/actor.hpp"

#include <chrono>

#include "store/company_store.hpp"

namespace keyward::app {

Actor command_line_actor(store::Connection& connection) {
  const core::Company operator_company = store::CompanyStore(connection).operator_company();
  return Actor{std::nullopt, "command line", core::Role::admin,
               core::TenantScope::of(operator_company)};
}

core::UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace keyward::app
