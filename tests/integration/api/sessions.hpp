#pragma once
// Signing in over HTTP as the browser does, for tests of session-only routes: the session
// cookie of a sign-in answer and a client that sends it with the session's CSRF token.

#include <boost/json.hpp>
#include <string>

#include "portal_world.hpp"

namespace keyward::test {

// POST /api/v1/session with `body`.
Reply sign_in(const PortalWorld& world, const boost::json::object& body);
// POST /api/v1/session with the account's e-mail and password (and `extra` members).
Reply sign_in(const PortalWorld& world, const Account& account,
              const boost::json::object& extra = {});

// The kw_session value of the answer's Set-Cookie header ("" without one).
std::string session_cookie(const Reply& reply);

// A client of a successful sign-in answer: its cookie and, unless `csrf_token` is given, the
// answer's CSRF token.
ApiClient session_client(const PortalWorld& world, const Reply& signed_in);
ApiClient session_client(const PortalWorld& world, const Reply& signed_in,
                         const std::string& csrf_token);
// Signs `account` in with its password; fails the test unless that works.
ApiClient signed_in(const PortalWorld& world, const Account& account);

// Unix seconds now, as the server's clock reads them.
std::int64_t unix_now();

}  // namespace keyward::test
