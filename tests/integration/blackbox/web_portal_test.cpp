// `keyward serve --web-root DIR` serves the single-page portal: its files with the right
// types and cache headers, index.html for deep links, and nothing outside DIR; the APIs keep
// their JSON errors.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

constexpr const char* kIndex = "<!doctype html><title>Keyward</title><div id=root></div>";
constexpr const char* kScript = "console.log('app')";
constexpr const char* kSecret = "outside-the-web-root";

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::string error_code_of(const http::Response& response) {
  return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
}

class WebPortal : public ::testing::Test {
 protected:
  WebPortal() {
    write_file(dir_ / "web/index.html", kIndex);
    write_file(dir_ / "web/assets/index-3f2a9c.js", kScript);
    write_file(dir_ / "web/favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write_file(dir_ / "secret.txt", kSecret);
    server_ = std::make_unique<KeywardServer>(
        TestDatabase("sqlite", dir_).url(),
        std::vector<std::string>{"--web-root", (dir_ / "web").string()});
  }
  TempDir dir_;
  std::unique_ptr<KeywardServer> server_;
};

TEST_F(WebPortal, IndexIsServedAtTheRootAndNeverCached) {
  const http::Response index = server_->client().get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.header("content-type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control").value_or(""), "no-cache");
  const std::string policy = index.header("content-security-policy").value_or("");
  EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
}

TEST_F(WebPortal, DeepLinksOpenTheApp) {
  auto client = server_->client();
  for (const char* link : {"/licenses", "/licenses/12?q=berg&page=2", "/devices/7",
                           "/set-password?token=abc", "/index.html"}) {
    const http::Response response = client.get(link);
    EXPECT_EQ(response.status, 200) << link;
    EXPECT_EQ(response.body, kIndex) << link;
  }
}

TEST_F(WebPortal, HashedAssetsAreImmutableWithTheirType) {
  auto client = server_->client();
  const http::Response script = client.get("/assets/index-3f2a9c.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, kScript);
  EXPECT_EQ(script.header("content-type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.header("cache-control").value_or(""), "public, max-age=31536000, immutable");
  const http::Response icon = client.get("/favicon.svg");
  EXPECT_EQ(icon.header("content-type").value_or(""), "image/svg+xml");
  EXPECT_EQ(icon.header("cache-control").value_or(""), "no-cache");
}

TEST_F(WebPortal, AMissingAssetIsNotAnsweredWithTheApp) {
  const http::Response stale = server_->client().get("/assets/index-000000.js");
  EXPECT_EQ(stale.status, 404);
  EXPECT_EQ(error_code_of(stale), "not_found");
}

TEST_F(WebPortal, PathsOutsideTheWebRootAreRefused) {
  auto client = server_->client();
  for (const char* attempt : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                              "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt"}) {
    const http::Response response = client.get(attempt);
    EXPECT_NE(response.status, 200) << attempt;
    EXPECT_EQ(response.body.find(kSecret), std::string::npos) << attempt;
  }
}

TEST_F(WebPortal, ServerPathsKeepTheirJsonErrors) {
  auto client = server_->client();
  for (const char* path : {"/api/v1/no/such/route", "/api", "/agent/v1/nope", "/metrics/extra"}) {
    const http::Response response = client.get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.header("content-type").value_or(""), "application/json") << path;
    EXPECT_EQ(error_code_of(response), "not_found") << path;
  }
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST_F(WebPortal, OnlyGetAndHeadReachTheApp) {
  auto client = server_->client();
  const http::Response post = client.post("/licenses", "{}");
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(error_code_of(post), "not_found");
  const http::Response head = client.request(http::Method::head, "/licenses");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST(WebPortalMissing, TheApisStillServeWithoutABuiltPortal) {
  TempDir dir;
  KeywardServer server(TestDatabase("sqlite", dir).url(),
                       {"--web-root", (dir / "no-such-dir").string()});
  auto client = server.client();
  EXPECT_EQ(client.get("/healthz").status, 200);
  const http::Response root = client.get("/");
  EXPECT_EQ(root.status, 404);
  EXPECT_EQ(error_code_of(root), "not_found");
}

}  // namespace
}  // namespace keyward::test
