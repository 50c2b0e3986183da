// The stale-device and digest stores against both engines: which devices are stale (strictly
// before the threshold, active, of an unexpired license, within the target), the companies'
// rules, and the digest's grouped queries at the edges of their rules (90 % of the seats,
// expiry within 30 days, silence beyond the stale days), each reseller's day recorded once.

#include <gtest/gtest.h>

#include "core/stale_devices.hpp"
#include "store/device_store.hpp"
#include "store/license_store.hpp"
#include "store/reseller_digest_store.hpp"
#include "store/stale_device_store.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

using core::TenantScope;

constexpr core::UnixTime kNow = 1'900'000'000;
constexpr core::UnixTime kDay = 86400;

class StaleDigestStoresTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    a1_ = make_license(tenants_.customer_a1, 10, "A1-KEY");
    a2_ = make_license(tenants_.customer_a2, 10, "A2-KEY");
    b1_ = make_license(tenants_.customer_b1, std::nullopt, "B1-KEY");
  }

  core::Id device(const core::License& license, const std::string& machine,
                  core::UnixTime last_contact, bool active = true) {
    auto connection = database_->acquire();
    core::Device device = device_of(license, machine, machine);
    device.last_contact_at = last_contact;
    device.active = active;
    return DeviceStore(*connection).create(device).id;
  }

  void sql(const std::string& statement) { database_->acquire()->execute(statement); }

  void set_license(const core::License& license, const std::string& assignments) {
    sql("UPDATE licenses SET " + assignments + " WHERE id = " + std::to_string(license.id));
  }

  void add_user(const core::Company& company, const std::string& email, const std::string& role,
                const std::string& language = "en", bool disabled = false,
                const std::string& password_hash = "hash") {
    sql("INSERT INTO users (company_id, email, password_hash, role, language, disabled, "
        "created_at) VALUES (" +
        std::to_string(company.id) + ", '" + email + "', '" + password_hash + "', '" + role +
        "', '" + language + "', " + (disabled ? "1" : "0") + ", 1)");
  }

  core::License a1_, a2_, b1_;
};

TEST_P(StaleDigestStoresTest,
       StaleMeansActiveSilentStrictlyBeforeTheThresholdOfAnUnexpiredLicense) {
  const core::UnixTime before = core::stale_before(kNow, 30);
  const core::Id old = device(a1_, "old", before - 1);
  device(a1_, "at-threshold", before);
  device(a1_, "recent", kNow - kDay);
  device(a1_, "inactive", before - 100, false);
  const core::Id sibling = device(a2_, "sibling", before - 5 * kDay);
  device(b1_, "other", before - 1);
  auto connection = database_->acquire();
  StaleDeviceStore stale(*connection);
  const StaleSelection selection{before, kNow};
  const DeviceTarget reseller_a{TenantScope::of(tenants_.reseller_a), std::nullopt};
  EXPECT_EQ(stale.stale_ids(reseller_a, selection, 100), (std::vector<core::Id>{sibling, old}))
      << "longest silent first";
  EXPECT_EQ(stale.stale_ids(reseller_a, selection, 1), (std::vector<core::Id>{sibling}));
  EXPECT_EQ(stale.count(reseller_a, selection), 2);
  EXPECT_EQ(stale.stale_ids({TenantScope::of(tenants_.reseller_a), a1_.id}, selection, 100),
            (std::vector<core::Id>{old}));
  EXPECT_EQ(stale.stale_ids({TenantScope::of(tenants_.customer_a2), std::nullopt}, selection, 100),
            (std::vector<core::Id>{sibling}));
  EXPECT_EQ(stale.count({TenantScope::of(tenants_.operator_company), std::nullopt}, selection), 3);

  // A license is stale-free once expired, and still counts on its last day.
  connection->execute("UPDATE licenses SET expires_at = $1 WHERE id = $2", {kNow, a1_.id});
  EXPECT_EQ(stale.count(reseller_a, selection), 2);
  connection->execute("UPDATE licenses SET expires_at = $1 WHERE id = $2", {kNow - 1, a1_.id});
  EXPECT_EQ(stale.stale_ids(reseller_a, selection, 100), (std::vector<core::Id>{sibling}));
  EXPECT_EQ(stale.count({TenantScope::of(tenants_.reseller_b), std::nullopt}, selection), 1);
}

TEST_P(StaleDigestStoresTest, WithinKeepsOnlyTheTargetsDevicesWhateverTheirState) {
  const core::Id mine = device(a1_, "mine", kNow, false);
  const core::Id sibling = device(a2_, "sibling", 1000);
  const core::Id other = device(b1_, "other", 1000);
  auto connection = database_->acquire();
  StaleDeviceStore stale(*connection);
  const std::vector<core::Id> ids{mine, sibling, other, 999999};
  EXPECT_EQ(stale.within({TenantScope::of(tenants_.reseller_a), a1_.id}, ids),
            (std::set<core::Id>{mine}));
  EXPECT_EQ(stale.within({TenantScope::of(tenants_.reseller_a), std::nullopt}, ids),
            (std::set<core::Id>{mine, sibling}));
  EXPECT_EQ(stale.within({TenantScope::of(tenants_.customer_b1), std::nullopt}, ids),
            (std::set<core::Id>{other}));
  EXPECT_TRUE(stale.within({TenantScope::of(tenants_.reseller_a), std::nullopt}, {}).empty());
}

TEST_P(StaleDigestStoresTest, RulesAreStoredPerCompanyAndOnlyEnabledOnesApply) {
  auto connection = database_->acquire();
  StaleDeviceStore stale(*connection);
  EXPECT_FALSE(stale.rule(tenants_.reseller_a.id));
  stale.save_rule(tenants_.reseller_a.id, {.enabled = true, .days = 30}, kNow);
  stale.save_rule(tenants_.customer_b1.id, {.enabled = false, .days = 5}, kNow);
  stale.save_rule(tenants_.customer_a2.id, {.enabled = true, .days = 60}, kNow);
  stale.save_rule(tenants_.reseller_a.id, {.enabled = true, .days = 45}, kNow + 1);
  const auto rule = stale.rule(tenants_.reseller_a.id);
  ASSERT_TRUE(rule);
  EXPECT_TRUE(rule->enabled);
  EXPECT_EQ(rule->days, 45);
  const auto enabled = stale.enabled_rules();
  ASSERT_EQ(enabled.size(), 2u);
  EXPECT_EQ(enabled[0].company_id, tenants_.reseller_a.id);
  EXPECT_EQ(enabled[0].days, 45);
  EXPECT_EQ(enabled[1].company_id, tenants_.customer_a2.id);
  EXPECT_THROW(stale.save_rule(tenants_.reseller_b.id, {.enabled = true, .days = 0}, kNow), DbError)
      << "the table refuses days outside 1..3650 too";
}

TEST_P(StaleDigestStoresTest, DigestFactsFollowTheSeatExpiryAndSilenceRules) {
  const core::DigestRules rules;       // 90 %, 30 days, 7 days silent
  set_license(a1_, "seats_used = 9");  // 90 %: reported
  set_license(a2_, "seats_used = 8, expires_at = " + std::to_string(kNow + 30 * kDay));  // 80 %
  const core::License a1_spare = make_license(tenants_.customer_a1, 3, "A1-SPARE");
  set_license(a1_spare, "seats_used = 3, expires_at = " + std::to_string(kNow - 1));  // expired
  const core::License a2_later = make_license(tenants_.customer_a2, 5, "A2-LATER");
  set_license(a2_later, "expires_at = " + std::to_string(kNow + 30 * kDay + 1));
  set_license(b1_, "seats_used = 50");  // msp: no seat limit
  const core::UnixTime silent = core::stale_before(kNow, 7) - 1;
  device(a1_, "a1-silent", silent);
  device(a1_, "a1-fresh", kNow - 6 * kDay);
  device(a2_, "a2-silent-1", silent);
  device(a2_, "a2-silent-2", silent - kDay);
  device(a2_, "a2-off", silent, false);
  device(b1_, "b1-silent", silent);

  auto connection = database_->acquire();
  ResellerDigestStore digests(*connection);
  const std::int64_t day = core::digest_day(kNow);
  const auto facts = core::assemble_digests(digests.facts(day, rules, kNow));
  ASSERT_EQ(facts.size(), 2u);
  const core::ResellerDigest& a = facts[0];
  EXPECT_EQ(a.reseller_id, tenants_.reseller_a.id);
  ASSERT_EQ(a.customers.size(), 2u);
  const auto& customer_a1 =
      a.customers[0].id == tenants_.customer_a1.id ? a.customers[0] : a.customers[1];
  const auto& customer_a2 =
      a.customers[0].id == tenants_.customer_a2.id ? a.customers[0] : a.customers[1];
  ASSERT_EQ(customer_a1.near_seat_limit.size(), 1u);
  EXPECT_EQ(customer_a1.near_seat_limit[0].id, a1_.id);
  EXPECT_EQ(customer_a1.near_seat_limit[0].name, "License A1-KEY");
  EXPECT_EQ(customer_a1.near_seat_limit[0].seats_used, 9);
  EXPECT_EQ(customer_a1.near_seat_limit[0].seats_total, 10);
  EXPECT_TRUE(customer_a1.expiring.empty());
  EXPECT_EQ(customer_a1.stale_devices, 1);
  EXPECT_TRUE(customer_a2.near_seat_limit.empty());
  ASSERT_EQ(customer_a2.expiring.size(), 1u) << "the 30th day counts, the day after does not";
  EXPECT_EQ(customer_a2.expiring[0].id, a2_.id);
  EXPECT_EQ(customer_a2.stale_devices, 2);
  EXPECT_EQ(customer_a2.name, "Customer A2");
  const core::ResellerDigest& b = facts[1];
  EXPECT_EQ(b.reseller_id, tenants_.reseller_b.id);
  ASSERT_EQ(b.customers.size(), 1u);
  EXPECT_TRUE(b.customers[0].near_seat_limit.empty());
  EXPECT_EQ(b.customers[0].stale_devices, 1);
}

TEST_P(StaleDigestStoresTest, AResellersDayIsRecordedOnceAndClosesItsDigest) {
  set_license(a1_, "seats_used = 10");
  set_license(b1_, "expires_at = " + std::to_string(kNow + kDay));
  const std::int64_t day = core::digest_day(kNow);
  auto connection = database_->acquire();
  ResellerDigestStore digests(*connection);
  ASSERT_EQ(digests.open_resellers(day).size(), 2u);
  EXPECT_TRUE(digests.record(tenants_.reseller_a.id, day, 1, 2, kNow));
  EXPECT_FALSE(digests.record(tenants_.reseller_a.id, day, 1, 2, kNow)) << "a second server";
  const auto open = digests.open_resellers(day);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, tenants_.reseller_b.id);
  EXPECT_EQ(open[0].name, tenants_.reseller_b.name);
  const auto facts = digests.facts(day, core::DigestRules{}, kNow);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].reseller_id, tenants_.reseller_b.id);
  EXPECT_EQ(digests.open_resellers(day + 1).size(), 2u) << "the next day is open again";
  EXPECT_TRUE(digests.record(tenants_.reseller_a.id, day + 1, 0, 0, kNow + kDay));
}

TEST_P(StaleDigestStoresTest, DigestAdminsAreTheEnabledAdminsOfOpenResellersWithAPassword) {
  add_user(tenants_.reseller_a, "anna@a.example", "admin", "de");
  add_user(tenants_.reseller_a, "tom@a.example", "technician");
  add_user(tenants_.reseller_a, "old@a.example", "admin", "en", true);
  add_user(tenants_.reseller_a, "invited@a.example", "admin", "en", false, "");
  add_user(tenants_.customer_a1, "berg@a1.example", "admin");
  add_user(tenants_.reseller_b, "bob@b.example", "admin");
  const std::int64_t day = core::digest_day(kNow);
  auto connection = database_->acquire();
  ResellerDigestStore digests(*connection);
  auto admins = digests.admins(day);
  ASSERT_EQ(admins.size(), 2u);
  EXPECT_EQ(admins[0].email, "anna@a.example");
  EXPECT_EQ(admins[0].reseller_id, tenants_.reseller_a.id);
  EXPECT_EQ(admins[0].language, core::Language::de);
  EXPECT_EQ(admins[1].email, "bob@b.example");
  digests.record(tenants_.reseller_b.id, day, 0, 0, kNow);
  admins = digests.admins(day);
  ASSERT_EQ(admins.size(), 1u);
  EXPECT_EQ(admins[0].email, "anna@a.example");
}

INSTANTIATE_TEST_SUITE_P(Engines, StaleDigestStoresTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
