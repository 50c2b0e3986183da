#include "api/company_routes.hpp"

#include <boost/json.hpp>
#include <limits>

#include "api/account_json.hpp"
#include "api/portal.hpp"
#include "app/companies.hpp"
#include "core/json_input.hpp"
#include "core/validation.hpp"

namespace keyward::api {
namespace {

constexpr std::size_t kMaxCompanyName = 200;

std::optional<core::CompanyKind> kind_param(const std::optional<std::string>& text,
                                            const std::string& field) {
  if (!text) return std::nullopt;
  const auto kind = core::parse_company_kind(*text);
  if (!kind || *kind == core::CompanyKind::operator_) {
    throw core::invalid_request(field, "must be reseller or customer");
  }
  return kind;
}

http::Response list(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::ListQuery query = list_query(request, store::kCompanySortKeys, "name");
  store::CompanyFilter filter{query.q, kind_param(request.query_param("kind"), "kind"),
                              std::nullopt};
  if (const auto parent = request.query_param("parent_id")) {
    filter.parent_id =
        core::parse_integer("parent_id", *parent, 1, std::numeric_limits<std::int64_t>::max());
  }
  return list_response(app::list_companies(context.database, caller.actor, filter, query), query,
                       company_json);
}

http::Response create(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const boost::json::object object = body_object(request);
  const std::string name = core::required_text(object, "name", 1, kMaxCompanyName);
  const core::Company company =
      app::create_child_company(context.database, caller.actor, name,
                                kind_param(core::text_if_present(object, "kind", 20), "kind"));
  return http::json_response(201, company_json(company));
}

http::Response get(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(200,
                             company_json(app::find_company(context.database, caller.actor,
                                                            id_param(request, "id", "company"))));
}

http::Response patch(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::Id id = id_param(request, "id", "company");
  const std::string name = core::required_text(body_object(request), "name", 1, kMaxCompanyName);
  return http::json_response(
      200, company_json(app::rename_company(context.database, caller.actor, id, name)));
}

}  // namespace

void add_company_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/companies", list);
  add_route(router, context, http::Method::post, "/api/v1/companies", create);
  add_route(router, context, http::Method::get, "/api/v1/companies/{id}", get);
  add_route(router, context, http::Method::patch, "/api/v1/companies/{id}", patch);
}

}  // namespace keyward::api
