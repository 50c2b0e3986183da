#include "store_fixture.hpp"

#include <atomic>

#include "store/company_store.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"
#include "store/migrations.hpp"
#include "store/token_hash.hpp"

namespace keyward::store::testing {
namespace {

class PostgresEnvironment : public ::testing::Environment {
 public:
  test::PostgresCluster& cluster() {
    std::call_once(started_, [this] { cluster_ = std::make_unique<test::PostgresCluster>(); });
    return *cluster_;
  }
  void TearDown() override { cluster_.reset(); }

 private:
  std::once_flag started_;
  std::unique_ptr<test::PostgresCluster> cluster_;
};

PostgresEnvironment* const environment =
    static_cast<PostgresEnvironment*>(::testing::AddGlobalTestEnvironment(new PostgresEnvironment));

}  // namespace

test::PostgresCluster& postgres_cluster() { return environment->cluster(); }

std::string fresh_database_url(Engine engine, const test::TempDir& dir) {
  static std::atomic<int> counter = 0;
  const int n = ++counter;
  if (engine == Engine::sqlite)
    return "sqlite:" + (dir / ("store" + std::to_string(n) + ".db")).string();
  return postgres_cluster().create_database("store_test_" + std::to_string(n));
}

std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::sqlite ? "SQLite" : "PostgreSQL";
}

void StoreTest::SetUp() {
  url_ = fresh_database_url(GetParam(), dir_);
  database_ = Database::open(url_);
  migrate(*database_);
  auto connection = database_->acquire();
  CompanyStore companies(*connection);
  tenants_.operator_company = companies.operator_company();
  const core::Id op = tenants_.operator_company.id;
  tenants_.reseller_a = companies.create(core::CompanyKind::reseller, op, "Reseller A", 100);
  tenants_.reseller_b = companies.create(core::CompanyKind::reseller, op, "Reseller B", 100);
  tenants_.customer_a1 =
      companies.create(core::CompanyKind::customer, tenants_.reseller_a.id, "Customer A1", 100);
  tenants_.customer_a2 =
      companies.create(core::CompanyKind::customer, tenants_.reseller_a.id, "Customer A2", 100);
  tenants_.customer_b1 =
      companies.create(core::CompanyKind::customer, tenants_.reseller_b.id, "Customer B1", 100);
}

core::Device StoreTest::device_of(const core::License& license, const std::string& machine_id,
                                  const std::string& hostname) {
  core::Device device;
  device.license_id = license.id;
  device.customer_id = license.customer_id;
  device.reseller_id = license.reseller_id;
  device.group_id = *license.main_group_id;
  device.machine_id = machine_id;
  device.token_hash = hash_token("token-" + std::to_string(license.id) + "-" + machine_id);
  device.hostname = hostname;
  device.client_version = "3.2.34";
  device.first_contact_at = 1000;
  device.last_contact_at = 1000;
  return device;
}

core::License StoreTest::make_license(const core::Company& customer,
                                      std::optional<std::int64_t> seats, const std::string& key) {
  auto connection = database_->acquire();
  Transaction transaction(*connection);
  LicenseStore licenses(*connection);
  core::License license = licenses.create(core::License{
      .key = key,
      .name = "License " + key,
      .customer_id = customer.id,
      .reseller_id = *customer.parent_id,
      .type = seats ? core::LicenseType::purchase : core::LicenseType::msp,
      .seats_total = seats,
      .term_years = 1,
      .expires_at = 2000000000,
      .created_at = 100,
      .updated_at = 100,
  });
  const core::Group main = GroupStore(*connection).create_main(license.id, "Main", 100);
  licenses.set_main_group(license.id, main.id);
  transaction.commit();
  license.main_group_id = main.id;
  return license;
}

}  // namespace keyward::store::testing
