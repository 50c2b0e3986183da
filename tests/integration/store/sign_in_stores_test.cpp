// The stores behind sign-in and account management against both engines: failed attempts,
// single-use links and codes, dashboard links, TOTP steps, scoped user and company lists.

#include <gtest/gtest.h>

#include "store/company_store.hpp"
#include "store/dashboard_link_store.hpp"
#include "store/login_failure_store.hpp"
#include "store/password_token_store.hpp"
#include "store/recovery_code_store.hpp"
#include "store/user_store.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

using core::TenantScope;

class SignInStoresTest : public StoreTest {
 protected:
  core::User add_user(const core::Company& company, const std::string& email,
                      core::Role role = core::Role::admin) {
    auto connection = database_->acquire();
    return UserStore(*connection)
        .create(core::User{.company_id = company.id,
                           .email = email,
                           .name = email.substr(0, email.find('@')),
                           .password_hash = "x",
                           .role = role,
                           .created_at = 1});
  }

  core::ListQuery query(const std::string& sort = "name") { return core::ListQuery{.sort = sort}; }
};

TEST_P(SignInStoresTest, TheLimitingFailureIsTheLimitThMostRecentInTheWindow) {
  auto connection = database_->acquire();
  LoginFailureStore failures(*connection);
  for (const core::UnixTime at : {100, 200, 300, 400}) failures.record("account:a", at);
  failures.record("account:b", 350);
  EXPECT_EQ(failures.limiting_failure("account:a", 0, 3), 200);
  EXPECT_EQ(failures.limiting_failure("account:a", 0, 4), 100);
  EXPECT_EQ(failures.limiting_failure("account:a", 0, 5), std::nullopt);
  EXPECT_EQ(failures.limiting_failure("account:a", 150, 4), std::nullopt) << "100 left the window";
  EXPECT_EQ(failures.remove_older_than(200), 2);
  EXPECT_EQ(failures.limiting_failure("account:a", 0, 2), 300);
  failures.clear("account:a");
  EXPECT_EQ(failures.limiting_failure("account:a", 0, 1), std::nullopt);
  EXPECT_EQ(failures.limiting_failure("account:b", 0, 1), 350);
}

TEST_P(SignInStoresTest, SetPasswordLinksWorkOnceAndUntilTheyExpire) {
  const core::User user = add_user(tenants_.customer_a1, "invited@example.com");
  auto connection = database_->acquire();
  PasswordTokenStore links(*connection);
  links.create(user.id, "hash-1", 100, 200);
  links.create(user.id, "hash-2", 100, 200);
  links.create(user.id, "hash-3", 100, 200);
  EXPECT_EQ(links.redeem("hash-1", 200), std::nullopt) << "expired at 200";
  EXPECT_EQ(links.redeem("hash-1", 150), user.id);
  EXPECT_EQ(links.redeem("hash-1", 151), std::nullopt) << "used";
  links.invalidate_for_user(user.id, 160);
  EXPECT_EQ(links.redeem("hash-2", 161), std::nullopt) << "the password was set meanwhile";
  EXPECT_EQ(links.remove_spent(170), 3);
}

TEST_P(SignInStoresTest, RecoveryCodesWorkOnceAndAreReplacedAsAWhole) {
  const core::User user = add_user(tenants_.reseller_a, "totp@example.com");
  const core::User other = add_user(tenants_.reseller_a, "other@example.com");
  auto connection = database_->acquire();
  RecoveryCodeStore codes(*connection);
  codes.replace(user.id, {"c1", "c2"});
  EXPECT_FALSE(codes.redeem(other.id, "c1", 10));
  EXPECT_TRUE(codes.redeem(user.id, "c1", 10));
  EXPECT_FALSE(codes.redeem(user.id, "c1", 11));
  codes.replace(user.id, {"c3"});
  EXPECT_FALSE(codes.redeem(user.id, "c2", 12));
  EXPECT_TRUE(codes.redeem(user.id, "c3", 12));
}

TEST_P(SignInStoresTest, ATotpStepIsClaimedOnceAndNeverAnEarlierOne) {
  const core::User user = add_user(tenants_.customer_b1, "steps@example.com");
  auto connection = database_->acquire();
  UserStore users(*connection);
  users.set_totp(user.id, "SECRET", true);
  EXPECT_TRUE(users.claim_totp_step(user.id, 1000));
  EXPECT_FALSE(users.claim_totp_step(user.id, 1000));
  EXPECT_FALSE(users.claim_totp_step(user.id, 999));
  EXPECT_TRUE(users.claim_totp_step(user.id, 1001));
  users.set_totp(user.id, std::nullopt, false);
  EXPECT_TRUE(users.claim_totp_step(user.id, 5)) << "a new secret starts afresh";
  EXPECT_FALSE(users.find(user.id)->totp_secret);
}

TEST_P(SignInStoresTest, ANewDashboardLinkReplacesTheOldOne) {
  const core::User user = add_user(tenants_.customer_a2, "board@example.com");
  auto connection = database_->acquire();
  DashboardLinkStore links(*connection);
  EXPECT_FALSE(links.find_by_user(user.id));
  links.replace(user.id, "old", 10);
  links.replace(user.id, "new", 20);
  EXPECT_FALSE(links.use("old", 30));
  const auto used = links.use("new", 30);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->user_id, user.id);
  EXPECT_EQ(used->created_at, 20);
  EXPECT_EQ(links.find_by_user(user.id)->last_used_at, 30);
  EXPECT_TRUE(links.remove(user.id));
  EXPECT_FALSE(links.remove(user.id));
  EXPECT_FALSE(links.use("new", 40));
}

TEST_P(SignInStoresTest, UserListsAndLookupsStayInsideTheScope) {
  const core::User a = add_user(tenants_.reseller_a, "anna@a.example");
  const core::User a1 = add_user(tenants_.customer_a1, "bert@a1.example", core::Role::viewer);
  add_user(tenants_.customer_a2, "carl@a2.example");
  const core::User b1 = add_user(tenants_.customer_b1, "dora@b1.example");
  auto connection = database_->acquire();
  UserStore users(*connection);

  const auto reseller = users.list(TenantScope::of(tenants_.reseller_a), {}, query("email"));
  ASSERT_EQ(reseller.total, 3);
  EXPECT_EQ(reseller.items[0].user.email, "anna@a.example");
  EXPECT_EQ(reseller.items[1].company_name, "Customer A1");
  EXPECT_EQ(users.list(TenantScope::of(tenants_.customer_a1), {}, query()).total, 1);
  EXPECT_EQ(users.list(TenantScope::of(tenants_.operator_company), {}, query()).total, 4);
  EXPECT_EQ(users.list(TenantScope::of(tenants_.reseller_a), {tenants_.customer_a2.id, ""}, query())
                .total,
            1);
  EXPECT_EQ(users.list(TenantScope::of(tenants_.reseller_a), {std::nullopt, "BERT"}, query())
                .items.at(0)
                .user.id,
            a1.id);

  EXPECT_TRUE(users.find_in_scope(TenantScope::of(tenants_.reseller_a), a1.id));
  EXPECT_FALSE(users.find_in_scope(TenantScope::of(tenants_.reseller_a), b1.id));
  EXPECT_FALSE(users.find_in_scope(TenantScope::of(tenants_.customer_a2), a1.id));
  EXPECT_FALSE(users.find_in_scope(TenantScope::of(tenants_.customer_a1), a.id)) << "above";

  EXPECT_EQ(users.count_enabled_admins(tenants_.reseller_a.id), 1);
  core::User disabled = a;
  disabled.disabled = true;
  users.update(disabled);
  EXPECT_EQ(users.count_enabled_admins(tenants_.reseller_a.id), 0);
  EXPECT_TRUE(users.remove(a1.id));
  EXPECT_FALSE(users.find(a1.id));
}

TEST_P(SignInStoresTest, CompanyListsAndRenames) {
  auto connection = database_->acquire();
  CompanyStore companies(*connection);
  const auto below_a = companies.list(TenantScope::of(tenants_.reseller_a), {}, query());
  ASSERT_EQ(below_a.total, 3);
  EXPECT_EQ(below_a.items[0].name, "Customer A1");
  EXPECT_EQ(companies
                .list(TenantScope::of(tenants_.operator_company),
                      {"", core::CompanyKind::customer, std::nullopt}, query())
                .total,
            3);
  EXPECT_EQ(companies
                .list(TenantScope::of(tenants_.operator_company),
                      {"a2", std::nullopt, tenants_.reseller_a.id}, query())
                .total,
            1);
  EXPECT_EQ(companies.list(TenantScope::of(tenants_.customer_b1), {}, query()).total, 1);
  companies.rename(tenants_.customer_a1.id, "Renamed");
  EXPECT_EQ(companies.find(TenantScope::of(tenants_.reseller_a), tenants_.customer_a1.id)->name,
            "Renamed");
  EXPECT_THROW(companies.rename(tenants_.customer_a1.id, "customer A2"), DbError);
}

INSTANTIATE_TEST_SUITE_P(Engines, SignInStoresTest,
                         ::testing::Values(Engine::sqlite, Engine::postgres), engine_name);

}  // namespace
}  // namespace keyward::store::testing
