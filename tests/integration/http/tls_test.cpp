#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "http/client.hpp"
#include "test_server.hpp"

namespace keyward::http {
namespace {

// A self-signed certificate made with the openssl CLI, as an operator would for a demo.
class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/keyward-http-tls-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=localhost -keyout " +
        key_ + " -out " + cert_ + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ServerOptions tls_options() const {
    ServerOptions options;
    options.tls_cert_file = cert_;
    options.tls_key_file = key_;
    return options;
  }

  std::filesystem::path dir_;
  std::string cert_;
  std::string key_;
};

TEST_F(TlsTest, ServesHttpsWithHstsOverKeepAlive) {
  Router router;
  router.add(Method::get, "/hello", [](Request& request) {
    return text_response(200, request.tls ? "hello over tls" : "hello in clear");
  });
  testing::RunningServer server(router, tls_options());
  Client https("127.0.0.1", server.port(), true);
  for (int i = 0; i < 3; ++i) {
    const auto response = https.get("/hello");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "hello over tls");
    EXPECT_EQ(response.header("strict-transport-security"), "max-age=31536000");
  }
  EXPECT_EQ(https.request(Method::head, "/hello").header("content-length"), "14");
  EXPECT_EQ(https.get("/nope").status, 404);
}

TEST_F(TlsTest, PlainHttpToTheTlsPortFails) {
  Router router;
  router.add(Method::get, "/hello", [](Request&) { return text_response(200, "hello"); });
  testing::RunningServer server(router, tls_options());
  Client plain("127.0.0.1", server.port(), false, std::chrono::seconds(5));
  EXPECT_THROW(plain.get("/hello"), core::Error);
}

TEST_F(TlsTest, KeyThatDoesNotMatchTheCertificateIsUnavailable) {
  const auto other_key = (dir_ / "other.pem").string();
  ASSERT_EQ(std::system(("openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 "
                         "-out " +
                         other_key + " 2>/dev/null")
                            .c_str()),
            0);
  auto options = tls_options();
  options.tls_key_file = other_key;
  options.port = 0;
  Router router;
  Metrics metrics;
  try {
    Server server(options, router, metrics);
    FAIL() << "started with a mismatched key";
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::unavailable);
  }
}

}  // namespace
}  // namespace keyward::http
