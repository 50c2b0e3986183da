#include "http/security_headers.hpp"

#include <array>

namespace keyward::http {

namespace {

constexpr std::array<DefaultHeader, 5> kSecurityHeaders = {{
    {"content-security-policy",
     "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"x-content-type-options", "nosniff"},
    {"x-frame-options", "DENY"},
    {"referrer-policy", "no-referrer"},
    {"strict-transport-security", "max-age=31536000", true},
}};

}  // namespace

std::span<const DefaultHeader> security_headers() { return kSecurityHeaders; }

}  // namespace keyward::http
