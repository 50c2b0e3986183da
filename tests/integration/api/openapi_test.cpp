// docs/openapi.yaml describes exactly the routes the server has: a route added without its
// description, or a description left behind by a removed route, fails here.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/openapi_document.hpp"
#include "router_routes.hpp"

namespace keyward::test {
namespace {

using RouteSet = std::set<std::string>;  // "GET /api/v1/licenses/{id}"

// A path of the `paths:` section: two spaces of indentation (the document's block style).
const std::regex kPathLine(R"(^  (/[^:\s]*):\s*$)");

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// The (method, path) pairs under `paths:` of an OpenAPI document written in block style, as
// docs/openapi.yaml is: paths at two spaces of indentation, methods at four.
RouteSet documented_routes(std::string_view document) {
  static const std::regex kMethod(R"(^    (get|put|post|patch|delete|head|options):)");
  static const std::regex kTopLevel(R"(^\S)");
  RouteSet routes;
  std::istringstream lines{std::string(document)};
  std::string line;
  std::string path;
  bool in_paths = false;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_search(line, kTopLevel)) {
      in_paths = line.starts_with("paths:");
      path.clear();
    } else if (!in_paths) {
      continue;
    } else if (std::regex_search(line, match, kPathLine)) {
      path = match[1].str();
    } else if (!path.empty() && std::regex_search(line, match, kMethod)) {
      routes.insert(upper(match[1].str()) + " " + path);
    }
  }
  return routes;
}

std::string listed(const RouteSet& routes) {
  std::string text;
  for (const auto& route : routes) text += "\n  " + route;
  return text;
}

TEST(OpenApi, DocumentsExactlyTheRoutesOfTheRouter) {
  const RouteSet documented = documented_routes(api::openapi_document());
  const RouteSet served = router_routes();
  RouteSet undocumented, stale;
  for (const auto& route : served) {
    if (!documented.contains(route)) undocumented.insert(route);
  }
  for (const auto& route : documented) {
    if (!served.contains(route)) stale.insert(route);
  }
  EXPECT_TRUE(undocumented.empty()) << "routes missing from docs/openapi.yaml:"
                                    << listed(undocumented);
  EXPECT_TRUE(stale.empty()) << "documented routes the server does not have:" << listed(stale);
  EXPECT_GT(documented.size(), 5u);
}

// YAML readers keep only the last of two equal keys, so a path listed twice would silently
// lose the methods of its first entry.
TEST(OpenApi, ListsEveryPathOnce) {
  std::istringstream lines{std::string(api::openapi_document())};
  std::set<std::string> seen;
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, kPathLine)) {
      EXPECT_TRUE(seen.insert(match[1].str()).second) << match[1].str() << " is listed twice";
    }
  }
}

TEST(OpenApi, TheServedDocumentIsTheOneInTheRepository) {
  std::ifstream file(std::string(KEYWARD_SOURCE_DIR) + "/docs/openapi.yaml");
  std::stringstream contents;
  contents << file.rdbuf();
  EXPECT_EQ(contents.str(), api::openapi_document())
      << "re-run cmake: the binary embeds an older docs/openapi.yaml";
}

// A YAML parser other than ours reads the document, and it is OpenAPI 3 with our paths.
TEST(OpenApi, IsValidYaml) {
  const std::string script =
      "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); "
      "assert d['openapi'].startswith('3.'), 'not OpenAPI 3'; "
      "assert '/api/v1/me' in d['paths']";
  const std::string command = "/usr/bin/python3 -c \"" + script + "\" " + KEYWARD_SOURCE_DIR +
                              "/docs/openapi.yaml";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace keyward::test
