#pragma once
// A populated Keyward for portal API tests: two resellers with customers, users of every
// role with API tokens, licenses with their main groups, and a real `keyward serve` on a
// real database (SQLite file or a database of the test's own PostgreSQL cluster).
//
//   operator            op_admin
//   ├─ reseller A       a_admin, a_technician, a_viewer
//   │  ├─ customer A1   a1_admin, a1_viewer     license a1_license (10 seats)
//   │  └─ customer A2   a2_admin                license a2_license (5 seats)
//   └─ reseller B       b_admin
//      └─ customer B1   b1_admin                license b1_license (msp)
//
// The world is built in-process through the use cases (fast, and not what is under test);
// every test call then goes over HTTP to the real binary.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/client.hpp"
#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {

// An answer of the API: status, headers and the parsed JSON body (null when not JSON).
struct Reply {
  int status = 0;
  http::Headers headers;
  boost::json::value body;
  std::string raw;

  const boost::json::object& object() const;
  // body.error.code, or "(none)".
  std::string error_code() const;
  std::string header(const std::string& lower_case_name) const;
};

std::ostream& operator<<(std::ostream& out, const Reply& reply);

// Calls the API with fixed credentials: an API token, a session cookie (plus its CSRF token
// on unsafe methods), or none.
class ApiClient {
 public:
  ApiClient(std::uint16_t port, http::Headers credentials, std::string csrf_token = "");
  Reply get(const std::string& target);
  Reply post(const std::string& target, const boost::json::value& body = boost::json::object{});
  Reply put(const std::string& target, const boost::json::value& body);
  Reply patch(const std::string& target, const boost::json::value& body);
  Reply del(const std::string& target);
  Reply request(http::Method method, const std::string& target, const std::string& body);

 private:
  std::unique_ptr<http::Client> client_;
  http::Headers credentials_;
  std::string csrf_token_;
};

struct Account {
  std::int64_t user_id = 0;
  std::int64_t company_id = 0;
  std::string email;
  std::string password;
  std::string role;
  std::string token;  // an API token of the user
};

struct WorldLicense {
  std::int64_t id = 0;
  std::string key;
  std::int64_t main_group_id = 0;
};

class PortalWorld {
 public:
  // `engine`: "sqlite" or "postgres". `policy`: `keyward policy set` values to store before
  // the server starts (it caches the policy for a while, so later changes show up late).
  // `server_args`: more options of `keyward serve` (a mail server, retry bases).
  explicit PortalWorld(const std::string& engine,
                       const std::vector<std::pair<std::string, std::string>>& policy = {},
                       const std::vector<std::string>& server_args = {});
  ~PortalWorld();

  std::int64_t reseller_a = 0, customer_a1 = 0, customer_a2 = 0, reseller_b = 0,
               customer_b1 = 0;
  Account op_admin, a_admin, a_technician, a_viewer, a1_admin, a1_viewer, a2_admin, b_admin,
      b1_admin;
  WorldLicense a1_license, a2_license, b1_license;

  // A client that authenticates with the account's API token.
  ApiClient as(const Account& account) const;
  ApiClient anonymous() const;
  // Activates a device on the license over the device protocol; returns {device_id, token}.
  std::pair<std::int64_t, std::string> activate_device(const WorldLicense& license,
                                                       const std::string& hostname) const;

  TestDatabase& database() { return *database_; }
  // The server's --data-dir (published installers).
  std::filesystem::path data_dir() const { return dir_ / "data"; }
  std::uint16_t port() const { return server_->port(); }
  const std::string& url() const { return database_->url(); }

 private:
  TempDir dir_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<KeywardServer> server_;
};

// Engines for INSTANTIATE_TEST_SUITE_P.
inline const auto kEngines = ::testing::Values(std::string("sqlite"), std::string("postgres"));

}  // namespace keyward::test
