#include "portal_world.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <ostream>

#include "app/actor.hpp"
#include "app/companies.hpp"
#include "app/licenses.hpp"
#include "app/policy.hpp"
#include "app/secrets.hpp"
#include "app/users.hpp"
#include "store/migrations.hpp"

namespace keyward::test {
namespace json = boost::json;

const json::object& Reply::object() const {
  static const json::object kEmpty;
  return body.is_object() ? body.as_object() : kEmpty;
}

std::string Reply::error_code() const {
  const json::object& o = object();
  if (!o.contains("error") || !o.at("error").is_object()) return "(none)";
  const auto& code = o.at("error").as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->as_string()) : "(none)";
}

std::string Reply::header(const std::string& lower_case_name) const {
  const auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

std::ostream& operator<<(std::ostream& out, const Reply& reply) {
  return out << reply.status << " " << reply.raw.substr(0, 2000);
}

ApiClient::ApiClient(std::uint16_t port, http::Headers credentials, std::string csrf_token)
    : client_(std::make_unique<http::Client>("127.0.0.1", port)),
      credentials_(std::move(credentials)),
      csrf_token_(std::move(csrf_token)) {}

Reply ApiClient::request(http::Method method, const std::string& target, const std::string& body) {
  http::Headers headers = credentials_;
  if (!csrf_token_.empty()) headers.emplace("x-csrf-token", csrf_token_);
  if (!body.empty()) headers.emplace("content-type", "application/json");
  http::Response response = client_->request(method, target, body, headers);
  Reply reply{response.status, std::move(response.headers), nullptr, std::move(response.body)};
  boost::system::error_code error;
  reply.body = json::parse(reply.raw, error);
  if (error) reply.body = nullptr;
  return reply;
}

Reply ApiClient::get(const std::string& target) { return request(http::Method::get, target, ""); }
Reply ApiClient::post(const std::string& target, const json::value& body) {
  return request(http::Method::post, target, json::serialize(body));
}
Reply ApiClient::put(const std::string& target, const json::value& body) {
  return request(http::Method::put, target, json::serialize(body));
}
Reply ApiClient::patch(const std::string& target, const json::value& body) {
  return request(http::Method::patch, target, json::serialize(body));
}
Reply ApiClient::del(const std::string& target) { return request(http::Method::del, target, ""); }

namespace {

Account make_account(store::Database& database, const app::Actor& actor, std::int64_t company_id,
                     const std::string& email, const std::string& role) {
  Account account{.company_id = company_id,
                  .email = email,
                  .password = "correct horse " + email,
                  .role = role};
  const core::User user = app::create_user(
      database, actor,
      {.company_reference = std::to_string(company_id),
       .email = email,
       .role = role,
       .password = account.password,
       .name = email.substr(0, email.find('@'))});
  account.user_id = user.id;
  account.token = app::create_api_token(database, actor, email, "tests").token;
  return account;
}

WorldLicense make_license(store::Database& database, const app::Actor& actor,
                          std::int64_t customer_id, std::int64_t seats, const std::string& type,
                          const std::string& name) {
  const app::IssuedLicense issued = app::issue_license(
      database, actor,
      {.customer_reference = std::to_string(customer_id),
       .seats = seats,
       .years = 1,
       .type = type,
       .name = name});
  return {issued.license.id, issued.license.key, issued.main_group.id};
}

}  // namespace

PortalWorld::PortalWorld(const std::string& engine,
                         const std::vector<std::pair<std::string, std::string>>& policy,
                         const std::vector<std::string>& server_args)
    : database_(std::make_unique<TestDatabase>(engine, dir_)) {
  app::init_secrets();
  auto database = store::Database::open(database_->url());
  store::migrate(*database);
  const app::Actor actor = app::command_line_actor(*database->acquire());
  const auto company = [&](core::CompanyKind kind, const std::string& name,
                           std::optional<std::int64_t> parent) {
    return app::create_company(*database, actor, kind, name,
                               parent ? std::optional(std::to_string(*parent)) : std::nullopt)
        .id;
  };
  reseller_a = company(core::CompanyKind::reseller, "Northwind IT", std::nullopt);
  customer_a1 = company(core::CompanyKind::customer, "Praxis Berg", reseller_a);
  customer_a2 = company(core::CompanyKind::customer, "Bäckerei Sommer", reseller_a);
  reseller_b = company(core::CompanyKind::reseller, "Southwind Systems", std::nullopt);
  customer_b1 = company(core::CompanyKind::customer, "Kanzlei Weiss", reseller_b);

  const std::int64_t operator_id = actor.scope.company_id();
  op_admin = make_account(*database, actor, operator_id, "vendor@keyward.example", "admin");
  a_admin = make_account(*database, actor, reseller_a, "anna@northwind.example", "admin");
  a_technician = make_account(*database, actor, reseller_a, "tom@northwind.example", "technician");
  a_viewer = make_account(*database, actor, reseller_a, "vera@northwind.example", "viewer");
  a1_admin = make_account(*database, actor, customer_a1, "dr.berg@praxis-berg.example", "admin");
  a1_viewer = make_account(*database, actor, customer_a1, "empfang@praxis-berg.example", "viewer");
  a2_admin = make_account(*database, actor, customer_a2, "chef@baeckerei-sommer.example", "admin");
  b_admin = make_account(*database, actor, reseller_b, "bob@southwind.example", "admin");
  b1_admin = make_account(*database, actor, customer_b1, "kanzlei@weiss.example", "admin");

  a1_license = make_license(*database, actor, customer_a1, 10, "purchase", "Praxis Berg Clients");
  a2_license = make_license(*database, actor, customer_a2, 5, "purchase", "Sommer Filialen");
  b1_license = make_license(*database, actor, customer_b1, 0, "msp", "Kanzlei Weiss MSP");

  for (const auto& [key, value] : policy) app::set_policy_value(*database->acquire(), key, value);

  std::vector<std::string> args{"--access-log", "false", "--data-dir", data_dir().string()};
  args.insert(args.end(), server_args.begin(), server_args.end());
  server_ = std::make_unique<KeywardServer>(database_->url(), args);
}

PortalWorld::~PortalWorld() = default;

ApiClient PortalWorld::as(const Account& account) const {
  return ApiClient(port(), {{"authorization", "Bearer " + account.token}});
}

ApiClient PortalWorld::anonymous() const { return ApiClient(port(), {}); }

std::pair<std::int64_t, std::string> PortalWorld::activate_device(const WorldLicense& license,
                                                                  const std::string& hostname) const {
  static std::atomic<int> counter{0};
  const json::object body{
      {"license_key", license.key},
      {"machine_id", "machine-" + hostname + "-" + std::to_string(++counter)},
      {"hostname", hostname},
      {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}, {"build", "26100.4061"}}},
      {"client_version", "3.2.34"},
      {"domain", "office.local"},
      {"ip", "10.0.0.7"}};
  http::Client client("127.0.0.1", port());
  const http::Response response = client.post("/agent/v1/activate", json::serialize(body));
  if (response.status != 201) {
    throw std::runtime_error("activation failed: " + std::to_string(response.status) + " " +
                             response.body);
  }
  const json::object answer = json::parse(response.body).as_object();
  return {answer.at("device_id").as_int64(), std::string(answer.at("device_token").as_string())};
}

}  // namespace keyward::test
