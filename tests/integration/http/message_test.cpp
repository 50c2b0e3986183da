#include "http/message.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.hpp"

namespace keyward::http {
namespace {

std::string nested_arrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

std::string json_error_code(const Request& request) {
  try {
    request.json();
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request);
    return error.code();
  }
  return "no error";
}

TEST(Message, JsonParsesValidBody) {
  Request request;
  request.body = R"({"license_key":"ABC","n":3})";
  const auto value = request.json();
  EXPECT_EQ(value.at("license_key").as_string(), "ABC");
  EXPECT_EQ(value.at("n").as_int64(), 3);
}

TEST(Message, MalformedJsonIsInvalidJson) {
  Request request;
  request.body = R"({"license_key":)";
  EXPECT_EQ(json_error_code(request), "invalid_json");
  request.body = "";
  EXPECT_EQ(json_error_code(request), "invalid_json");
}

TEST(Message, JsonNestedDeeperThan64LevelsIsInvalidJson) {
  Request request;
  request.body = nested_arrays(64);
  EXPECT_NO_THROW(request.json());
  request.body = nested_arrays(65);
  EXPECT_EQ(json_error_code(request), "invalid_json");
}

TEST(Message, QueryParamsAreRepeatableAndOrdered) {
  Request request;
  request.query = {{"status", "a"}, {"q", "x"}, {"status", "b"}};
  EXPECT_EQ(request.query_param("status"), "a");
  EXPECT_EQ(request.query_params("status"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(request.query_param("missing"), std::nullopt);
  EXPECT_TRUE(request.query_params("missing").empty());
}

TEST(Message, HeaderLookupUsesLowerCaseNames) {
  Request request;
  request.headers.emplace("authorization", "Bearer t");
  EXPECT_EQ(request.header("authorization"), "Bearer t");
  EXPECT_EQ(request.header("cookie"), std::nullopt);
}

TEST(Message, MissingPathParamIsAProgrammingError) {
  Request request;
  request.path_params["id"] = "42";
  EXPECT_EQ(request.path_param("id"), "42");
  EXPECT_THROW(request.path_param("other"), std::out_of_range);
}

TEST(Message, SetHeaderReplacesEveryEarlierValue) {
  Response response;
  response.headers.emplace("x-a", "1");
  response.headers.emplace("x-a", "2");
  response.set_header("x-a", "3");
  EXPECT_EQ(response.headers.count("x-a"), 1u);
  EXPECT_EQ(response.header("x-a"), "3");
}

TEST(Message, ErrorResponseHasTheStableShape) {
  const auto response = error_response(409, "no_free_activations", "all seats are in use");
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.header("content-type"), "application/json");
  const auto body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("error").at("code").as_string(), "no_free_activations");
  EXPECT_EQ(body.at("error").at("message").as_string(), "all seats are in use");
}

TEST(Message, TextResponseKeepsContentType) {
  const auto response = text_response(200, "ok", "text/csv");
  EXPECT_EQ(response.body, "ok");
  EXPECT_EQ(response.header("content-type"), "text/csv");
}

TEST(Message, MethodNames) {
  EXPECT_EQ(method_name(Method::get), "GET");
  EXPECT_EQ(method_name(Method::del), "DELETE");
  EXPECT_EQ(method_name(Method::patch), "PATCH");
  EXPECT_EQ(method_name(Method::other), "OTHER");
}

}  // namespace
}  // namespace keyward::http
