#include "api/openapi_routes.hpp"

#include "api/openapi_document.hpp"

namespace keyward::api {

void add_openapi_routes(http::Router& router) {
  router.add(http::Method::get, "/api/v1/openapi.yaml", [](http::Request&) {
    return http::text_response(200, std::string(openapi_document()),
                               "application/yaml; charset=utf-8");
  });
}

}  // namespace keyward::api
