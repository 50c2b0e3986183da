#include "api/account_routes.hpp"

#include <boost/json.hpp>

#include "api/portal.hpp"

namespace keyward::api {
namespace {

http::Response me(ApiContext& context, http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(
      200, boost::json::object{
               {"user",
                {{"id", caller.user.id},
                 {"email", caller.user.email},
                 {"name", caller.user.name},
                 {"role", core::to_string(caller.user.role)},
                 {"language", core::to_string(caller.user.language)}}},
               {"company",
                {{"id", caller.company.id},
                 {"name", caller.company.name},
                 {"kind", core::to_string(caller.company.kind)}}}});
}

}  // namespace

void add_account_routes(http::Router& router, ApiContext& context) {
  router.add(http::Method::get, "/api/v1/me",
             [&context](http::Request& request) { return me(context, request); });
}

}  // namespace keyward::api
