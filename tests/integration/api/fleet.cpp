#include "fleet.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>

#include "http/client.hpp"

namespace keyward::test {

void check_in(const PortalWorld& world, const std::string& token, const Health& health) {
  const boost::json::object report{
      {"client_version", health.client_version},
      {"hostname", health.hostname},
      {"ip", health.ip},
      {"domain", health.domain},
      {"os", {{"name", health.os_name}, {"version", "24H2"}, {"build", "26100.4061"}}},
      {"infections", health.infections},
      {"protection", {{"realtime", health.realtime}, {"updates", health.updates}}},
      {"settings_revision", 0}};
  http::Client client("127.0.0.1", world.port());
  const http::Response response =
      client.request(http::Method::post, "/agent/v1/checkin", boost::json::serialize(report),
                     {{"authorization", "Bearer " + token}, {"content-type", "application/json"}});
  ASSERT_EQ(response.status, 200) << response.body;
}

std::string device_column(PortalWorld& world, std::int64_t device_id, const std::string& column) {
  return world.database().sql("SELECT " + column +
                              " FROM devices WHERE id = " + std::to_string(device_id));
}

std::int64_t seats_used(PortalWorld& world, std::int64_t license_id) {
  return world.database().sql_int("SELECT seats_used FROM licenses WHERE id = " +
                                  std::to_string(license_id));
}

void expire(PortalWorld& world, std::int64_t license_id) {
  world.database().sql(
      "UPDATE licenses SET expires_at = " + std::to_string(std::time(nullptr) - 86400) +
      " WHERE id = " + std::to_string(license_id));
}

void silence(PortalWorld& world, std::int64_t device_id, std::int64_t days) {
  const std::int64_t at = std::time(nullptr) - days * 86400 - 60;
  world.database().sql("UPDATE devices SET last_contact_at = " + std::to_string(at) +
                       ", last_contact_day = " + std::to_string(at / 86400) +
                       " WHERE id = " + std::to_string(device_id));
}

std::unique_ptr<store::Database> open_database(const PortalWorld& world) {
  return store::Database::open(world.url());
}

std::string url_encode(const std::string& text) {
  std::string encoded;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      encoded += hex;
    }
  }
  return encoded;
}

}  // namespace keyward::test
