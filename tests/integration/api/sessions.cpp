#include "sessions.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace keyward::test {

Reply sign_in(const PortalWorld& world, const boost::json::object& body) {
  return world.anonymous().post("/api/v1/session", body);
}

Reply sign_in(const PortalWorld& world, const Account& account, const boost::json::object& extra) {
  boost::json::object body = extra;
  body["email"] = account.email;
  body["password"] = account.password;
  return sign_in(world, body);
}

std::string session_cookie(const Reply& reply) {
  const std::string header = reply.header("set-cookie");
  const std::string prefix = "kw_session=";
  if (!header.starts_with(prefix)) return "";
  return header.substr(prefix.size(), header.find(';') - prefix.size());
}

ApiClient session_client(const PortalWorld& world, const Reply& signed_in,
                         const std::string& csrf_token) {
  return ApiClient(world.port(), {{"cookie", "kw_session=" + session_cookie(signed_in)}},
                   csrf_token);
}

ApiClient session_client(const PortalWorld& world, const Reply& signed_in) {
  const auto* csrf = signed_in.object().if_contains("csrf_token");
  return session_client(world, signed_in,
                        csrf && csrf->is_string() ? std::string(csrf->as_string()) : "");
}

ApiClient signed_in(const PortalWorld& world, const Account& account) {
  const Reply reply = sign_in(world, account);
  EXPECT_EQ(reply.status, 200) << account.email << ": " << reply;
  return session_client(world, reply);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace keyward::test
