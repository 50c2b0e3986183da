#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace keyward::http {
namespace {

Request make_request(Method method, const std::string& target) {
  Request request;
  request.method = method;
  request.target = target;
  request.path = target.substr(0, target.find('?'));
  return request;
}

Handler answer(std::string text) {
  return [text](Request&) { return text_response(200, text); };
}

struct Dispatched {
  Response response;
  std::string pattern;
  std::string code() const {
    return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
  }
};

Dispatched dispatch(const Router& router, Method method, const std::string& target) {
  auto request = make_request(method, target);
  Dispatched result;
  result.response = router.dispatch(request, result.pattern);
  return result;
}

TEST(Router, ExtractsPathParams) {
  Router router;
  router.add(Method::get, "/api/v1/licenses/{id}/devices/{device}", [](Request& request) {
    return text_response(200, request.path_param("id") + "," + request.path_param("device"));
  });
  const auto result = dispatch(router, Method::get, "/api/v1/licenses/42/devices/7");
  EXPECT_EQ(result.response.body, "42,7");
  EXPECT_EQ(result.pattern, "/api/v1/licenses/{id}/devices/{device}");
}

TEST(Router, DecodesEachSegmentSoAnEncodedSlashStaysInTheParam) {
  Router router;
  router.add(Method::get, "/files/{name}",
             [](Request& request) { return text_response(200, request.path_param("name")); });
  EXPECT_EQ(dispatch(router, Method::get, "/files/a%2Fb%20c").response.body, "a/b c");
}

TEST(Router, ExactSegmentBeatsParamWhateverTheOrder) {
  Router router;
  router.add(Method::get, "/licenses/{id}", answer("by id"));
  router.add(Method::get, "/licenses/export", answer("export"));
  router.add(Method::get, "/{any}/export", answer("any"));
  EXPECT_EQ(dispatch(router, Method::get, "/licenses/export").response.body, "export");
  EXPECT_EQ(dispatch(router, Method::get, "/licenses/17").response.body, "by id");
  EXPECT_EQ(dispatch(router, Method::get, "/groups/export").response.body, "any");
}

TEST(Router, UnknownPathIs404NotFound) {
  Router router;
  router.add(Method::get, "/licenses/{id}", answer("x"));
  for (const std::string target :
       {"/nope", "/licenses", "/licenses/1/2", "/licenses/1/", "/licenses//"}) {
    const auto result = dispatch(router, Method::get, target);
    EXPECT_EQ(result.response.status, 404) << target;
    EXPECT_EQ(result.code(), "not_found");
    EXPECT_EQ(result.pattern, "unmatched");
  }
}

TEST(Router, OtherMethodIs405WithAllow) {
  Router router;
  router.add(Method::get, "/items/{id}", answer("get"));
  router.add(Method::del, "/items/{id}", answer("delete"));
  router.add(Method::post, "/items/new", answer("new"));
  const auto result = dispatch(router, Method::put, "/items/3");
  EXPECT_EQ(result.response.status, 405);
  EXPECT_EQ(result.code(), "method_not_allowed");
  EXPECT_EQ(result.response.header("allow"), "GET, HEAD, DELETE");
  EXPECT_EQ(result.pattern, "/items/{id}");
  // A method that only the less specific pattern offers still reaches it.
  EXPECT_EQ(dispatch(router, Method::del, "/items/new").response.body, "delete");
  EXPECT_EQ(dispatch(router, Method::put, "/items/new").response.header("allow"),
            "GET, HEAD, POST, DELETE");
}

TEST(Router, HeadUsesTheGetHandlerUnlessHeadIsRegistered) {
  Router router;
  router.add(Method::get, "/a", answer("get a"));
  router.add(Method::get, "/b", answer("get b"));
  router.add(Method::head, "/b", answer("head b"));
  EXPECT_EQ(dispatch(router, Method::head, "/a").response.body, "get a");
  EXPECT_EQ(dispatch(router, Method::head, "/b").response.body, "head b");
}

TEST(Router, RejectsDuplicateAndRelativePatterns) {
  Router router;
  router.add(Method::get, "/licenses/{id}", answer("x"));
  EXPECT_THROW(router.add(Method::get, "/licenses/{other}", answer("y")), std::invalid_argument);
  EXPECT_NO_THROW(router.add(Method::post, "/licenses/{id}", answer("y")));
  EXPECT_THROW(router.add(Method::get, "licenses", answer("z")), std::invalid_argument);
}

TEST(Router, ListsRoutesInRegistrationOrder) {
  Router router;
  router.add(Method::get, "/a", answer("a"));
  router.add(Method::post, "/b/{id}", answer("b"));
  const std::vector<std::pair<Method, std::string>> expected = {{Method::get, "/a"},
                                                                {Method::post, "/b/{id}"}};
  EXPECT_EQ(router.routes(), expected);
}

TEST(Router, CoreErrorKindsMapToStatusesWithCodeAndMessage) {
  const std::vector<std::pair<core::ErrorKind, int>> kinds = {
      {core::ErrorKind::invalid_request, 400}, {core::ErrorKind::unauthorized, 401},
      {core::ErrorKind::forbidden, 403},       {core::ErrorKind::not_found, 404},
      {core::ErrorKind::conflict, 409},        {core::ErrorKind::gone, 410},
      {core::ErrorKind::too_large, 413},       {core::ErrorKind::rate_limited, 429},
      {core::ErrorKind::unavailable, 503},     {core::ErrorKind::internal, 500}};
  for (const auto& [kind, status] : kinds) {
    EXPECT_EQ(status_for(kind), status);
    Router router;
    router.add(Method::post, "/x", [kind = kind](Request&) -> Response {
      throw core::Error(kind, "some_code", "some message");
    });
    const auto result = dispatch(router, Method::post, "/x");
    EXPECT_EQ(result.response.status, status);
    EXPECT_EQ(result.code(), "some_code");
    const auto body = boost::json::parse(result.response.body);
    EXPECT_EQ(body.at("error").at("message").as_string(), "some message");
  }
}

TEST(Router, AnErrorsRetryTimeIsSentAsRetryAfter) {
  Router router;
  router.add(Method::post, "/limited", [](Request&) -> Response {
    throw core::Error(core::ErrorKind::rate_limited, "too_many_attempts", "wait")
        .with_retry_after(42);
  });
  router.add(Method::post, "/busy", [](Request&) -> Response {
    throw core::Error(core::ErrorKind::unavailable, "database_unavailable", "busy");
  });
  router.add(Method::post, "/plain", [](Request&) -> Response {
    throw core::Error(core::ErrorKind::rate_limited, "slow_down", "no time given");
  });
  EXPECT_EQ(dispatch(router, Method::post, "/limited").response.header("retry-after"), "42");
  EXPECT_EQ(dispatch(router, Method::post, "/busy").response.header("retry-after"), "1");
  EXPECT_EQ(dispatch(router, Method::post, "/plain").response.header("retry-after"), std::nullopt);
}

TEST(Router, UnknownExceptionIs500WithoutItsMessage) {
  Router router;
  router.add(Method::get, "/boom", [](Request&) -> Response {
    throw std::runtime_error("disk /var/lib/keyward/secret.db is corrupt");
  });
  router.add(Method::get, "/int", [](Request&) -> Response { throw 42; });
  for (const std::string target : {"/boom", "/int"}) {
    const auto result = dispatch(router, Method::get, target);
    EXPECT_EQ(result.response.status, 500);
    EXPECT_EQ(result.code(), "internal_error");
    EXPECT_EQ(result.response.body.find("secret"), std::string::npos);
  }
}

TEST(Router, FallbackAnswersOnlyGetAndHeadOfUnknownPaths) {
  Router router;
  router.add(Method::get, "/healthz", answer("ok"));
  router.add(Method::post, "/api/v1/session", answer("signed in"));
  router.set_fallback(answer("app"));

  const auto deep_link = dispatch(router, Method::get, "/licenses/12?page=2");
  EXPECT_EQ(deep_link.response.body, "app");
  EXPECT_EQ(deep_link.pattern, kFallbackPattern);
  EXPECT_EQ(dispatch(router, Method::head, "/devices").response.body, "app");
  EXPECT_EQ(dispatch(router, Method::get, "/healthz").response.body, "ok");

  const auto post = dispatch(router, Method::post, "/licenses");
  EXPECT_EQ(post.response.status, 404);
  EXPECT_EQ(post.code(), "not_found");
  // A known path keeps its 405: the app never hides a wrong method.
  const auto wrong_method = dispatch(router, Method::get, "/api/v1/session");
  EXPECT_EQ(wrong_method.response.status, 405);
  EXPECT_EQ(wrong_method.code(), "method_not_allowed");
}

TEST(Router, WithoutFallbackUnknownPathsAre404) {
  Router router;
  router.add(Method::get, "/healthz", answer("ok"));
  EXPECT_EQ(dispatch(router, Method::get, "/licenses").response.status, 404);
}

}  // namespace
}  // namespace keyward::http
