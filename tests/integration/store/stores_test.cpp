// Every aggregate store against both engines, including the tenant boundaries.

#include <gtest/gtest.h>

#include "app/secrets.hpp"
#include "store/action_log_store.hpp"
#include "store/api_token_store.hpp"
#include "store/comment_store.hpp"
#include "store/company_store.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"
#include "store/session_store.hpp"
#include "store/token_hash.hpp"
#include "store/user_store.hpp"
#include "store_fixture.hpp"

namespace keyward::store::testing {
namespace {

using core::TenantScope;

class StoresTest : public StoreTest {
 protected:
  TenantScope operator_scope() const { return TenantScope::of(tenants_.operator_company); }
};

TEST_P(StoresTest, CompanyTreeAndNames) {
  auto connection = database_->acquire();
  CompanyStore companies(*connection);
  const auto found =
      companies.find_by_name(operator_scope(), "customer a1", tenants_.reseller_a.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, tenants_.customer_a1.id);
  EXPECT_EQ(found->kind, core::CompanyKind::customer);
  EXPECT_EQ(found->parent_id, tenants_.reseller_a.id);
  EXPECT_FALSE(companies.find_by_name(operator_scope(), "customer a1", tenants_.reseller_b.id));

  const auto children = companies.children(operator_scope(), tenants_.reseller_a.id);
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0].name, "Customer A1");
  EXPECT_EQ(children[1].name, "Customer A2");

  // The same name is fine under another parent but not twice under one (any case).
  companies.create(core::CompanyKind::customer, tenants_.reseller_b.id, "Customer A1", 1);
  try {
    companies.create(core::CompanyKind::customer, tenants_.reseller_a.id, "CUSTOMER A1", 1);
    FAIL() << "duplicate name accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::unique_violation);
  }
}

TEST_P(StoresTest, CompanyParentMustFitTheKind) {
  auto connection = database_->acquire();
  CompanyStore companies(*connection);
  for (const auto& [kind, parent] :
       {std::pair{core::CompanyKind::customer, tenants_.operator_company.id},
        std::pair{core::CompanyKind::reseller, tenants_.reseller_a.id},
        std::pair{core::CompanyKind::customer, tenants_.customer_a1.id},
        std::pair{core::CompanyKind::customer, core::Id{999999}}}) {
    try {
      companies.create(kind, parent, "Misplaced", 1);
      FAIL() << "accepted parent " << parent;
    } catch (const core::Error& error) {
      EXPECT_EQ(error.code(), "invalid_parent");
    }
  }
}

TEST_P(StoresTest, CompanyScopes) {
  auto connection = database_->acquire();
  CompanyStore companies(*connection);
  const auto reseller_a = TenantScope::of(tenants_.reseller_a);
  const auto customer_a1 = TenantScope::of(tenants_.customer_a1);
  EXPECT_TRUE(companies.in_scope(reseller_a, tenants_.reseller_a.id));
  EXPECT_TRUE(companies.in_scope(reseller_a, tenants_.customer_a2.id));
  EXPECT_FALSE(companies.in_scope(reseller_a, tenants_.reseller_b.id));
  EXPECT_FALSE(companies.in_scope(reseller_a, tenants_.customer_b1.id));
  EXPECT_FALSE(companies.in_scope(reseller_a, tenants_.operator_company.id));
  EXPECT_TRUE(companies.in_scope(customer_a1, tenants_.customer_a1.id));
  EXPECT_FALSE(companies.in_scope(customer_a1, tenants_.customer_a2.id));
  EXPECT_FALSE(companies.in_scope(customer_a1, tenants_.reseller_a.id));
  EXPECT_TRUE(companies.children(reseller_a, tenants_.reseller_b.id).empty());
  EXPECT_FALSE(companies.find_by_name(reseller_a, "Customer B1"));
  EXPECT_TRUE(companies.in_scope(operator_scope(), tenants_.customer_b1.id));
}

TEST_P(StoresTest, UsersByEmailIdAndCompany) {
  auto connection = database_->acquire();
  UserStore users(*connection);
  const core::User created = users.create(core::User{.company_id = tenants_.customer_a1.id,
                                                     .email = "Ann@Example.com",
                                                     .name = "Ann",
                                                     .password_hash = "$argon2id$v=19$...",
                                                     .role = core::Role::technician,
                                                     .language = core::Language::de,
                                                     .totp_secret = "SECRET",
                                                     .created_at = 42});
  users.create(core::User{.company_id = tenants_.customer_b1.id,
                          .email = "bob@example.com",
                          .password_hash = "x",
                          .created_at = 42});
  const auto found = users.find_by_email("ann@EXAMPLE.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created.id);
  EXPECT_EQ(found->email, "Ann@Example.com");
  EXPECT_EQ(found->role, core::Role::technician);
  EXPECT_EQ(found->language, core::Language::de);
  EXPECT_EQ(found->preferences, "{}");
  EXPECT_EQ(found->totp_secret, "SECRET");
  EXPECT_FALSE(found->last_login_at);
  EXPECT_EQ(users.find(created.id)->name, "Ann");
  EXPECT_FALSE(users.find_by_email("nobody@example.com"));
  EXPECT_FALSE(users.find(999999));

  EXPECT_EQ(
      users.list_by_company(TenantScope::of(tenants_.reseller_a), tenants_.customer_a1.id).size(),
      1u);
  EXPECT_TRUE(
      users.list_by_company(TenantScope::of(tenants_.reseller_a), tenants_.customer_b1.id).empty());
  EXPECT_TRUE(users.list_by_company(TenantScope::of(tenants_.customer_a2), tenants_.customer_a1.id)
                  .empty());
}

TEST_P(StoresTest, ApiTokensAreFoundByHashUntilRevoked) {
  auto connection = database_->acquire();
  const core::User user = UserStore(*connection)
                              .create(core::User{.company_id = tenants_.reseller_a.id,
                                                 .email = "script@example.com",
                                                 .password_hash = "x",
                                                 .created_at = 1});
  ApiTokenStore tokens(*connection);
  app::init_secrets();
  const std::string secret = app::new_token("kw_");
  EXPECT_EQ(secret.size(), 46u);
  EXPECT_EQ(hash_token(secret).size(), 64u);
  EXPECT_NE(hash_token(secret), secret);
  EXPECT_EQ(hash_token(secret), hash_token(secret));
  const core::ApiToken token = tokens.create(user.id, "ci", hash_token(secret), 10);
  EXPECT_FALSE(tokens.use(hash_token("wrong"), 20));
  const auto used = tokens.use(hash_token(secret), 20);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->id, token.id);
  EXPECT_EQ(used->last_used_at, 20);
  EXPECT_FALSE(tokens.revoke(user.id + 1, token.id, 30));
  EXPECT_TRUE(tokens.revoke(user.id, token.id, 30));
  EXPECT_FALSE(tokens.revoke(user.id, token.id, 31));
  EXPECT_FALSE(tokens.use(hash_token(secret), 40));
  const auto listed = tokens.list_by_user(user.id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].revoked_at, 30);
  EXPECT_EQ(listed[0].last_used_at, 20);
}

TEST_P(StoresTest, SessionsExpireIdleAndAbsolute) {
  auto connection = database_->acquire();
  const core::User user = UserStore(*connection)
                              .create(core::User{.company_id = tenants_.reseller_a.id,
                                                 .email = "web@example.com",
                                                 .password_hash = "x",
                                                 .created_at = 1});
  SessionStore sessions(*connection);
  const core::Session session = sessions.create(core::Session{.user_id = user.id,
                                                              .token_hash = hash_token("s1"),
                                                              .csrf_token = "csrf",
                                                              .created_at = 100,
                                                              .last_seen_at = 100,
                                                              .idle_expires_at = 200,
                                                              .absolute_expires_at = 300});
  ASSERT_TRUE(sessions.find(hash_token("s1"), 150));
  EXPECT_EQ(sessions.find(hash_token("s1"), 150)->csrf_token, "csrf");
  EXPECT_FALSE(sessions.find(hash_token("s1"), 200));
  sessions.touch(session.id, 190, 500);  // capped at the absolute expiry
  const auto touched = sessions.find(hash_token("s1"), 250);
  ASSERT_TRUE(touched);
  EXPECT_EQ(touched->last_seen_at, 190);
  EXPECT_EQ(touched->idle_expires_at, 300);
  EXPECT_FALSE(sessions.find(hash_token("s1"), 300));

  sessions.create(core::Session{.user_id = user.id,
                                .token_hash = hash_token("s2"),
                                .csrf_token = "c",
                                .idle_expires_at = 1000,
                                .absolute_expires_at = 1000});
  EXPECT_EQ(sessions.remove_expired(400), 1);
  EXPECT_TRUE(sessions.remove(hash_token("s2")));
  EXPECT_FALSE(sessions.remove(hash_token("s2")));
}

TEST_P(StoresTest, LicensesByKeyAndWithinScope) {
  const core::License a1 = make_license(tenants_.customer_a1, 50, "key-a1");
  const core::License b1 = make_license(tenants_.customer_b1, std::nullopt, "key-b1");
  auto connection = database_->acquire();
  LicenseStore licenses(*connection);
  const auto found = licenses.find(TenantScope::of(tenants_.reseller_a), a1.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key, "key-a1");
  EXPECT_EQ(found->seats_total, 50);
  EXPECT_EQ(found->seats_used, 0);
  EXPECT_EQ(found->type, core::LicenseType::purchase);
  EXPECT_EQ(found->main_group_id, a1.main_group_id);
  EXPECT_EQ(licenses.find_by_key("key-b1")->id, b1.id);
  EXPECT_EQ(licenses.find_by_key("key-b1")->type, core::LicenseType::msp);
  EXPECT_FALSE(licenses.find_by_key("no-such-key"));

  // A reseller never reads another reseller's license; a customer never a sibling's.
  EXPECT_FALSE(licenses.find(TenantScope::of(tenants_.reseller_b), a1.id));
  EXPECT_FALSE(licenses.find(TenantScope::of(tenants_.reseller_a), b1.id));
  EXPECT_FALSE(licenses.find(TenantScope::of(tenants_.customer_a2), a1.id));
  EXPECT_TRUE(licenses.find(TenantScope::of(tenants_.customer_a1), a1.id));
  const auto listed_a = licenses.list(TenantScope::of(tenants_.reseller_a));
  ASSERT_EQ(listed_a.size(), 1u);
  EXPECT_EQ(listed_a[0].id, a1.id);
  EXPECT_TRUE(licenses.list(TenantScope::of(tenants_.customer_a2)).empty());
  EXPECT_EQ(licenses.list(operator_scope()).size(), 2u);

  try {
    make_license(tenants_.customer_a2, 5, "key-a1");
    FAIL() << "duplicate key accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::unique_violation);
  }
}

TEST_P(StoresTest, SeatsAreTakenUpToTheTotalAndReleased) {
  const core::License license = make_license(tenants_.customer_a1, 2, "key-seats");
  const core::License msp = make_license(tenants_.customer_a1, std::nullopt, "key-msp");
  auto connection = database_->acquire();
  LicenseStore licenses(*connection);
  EXPECT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_FALSE(licenses.try_take_seat(license.id));
  EXPECT_TRUE(licenses.release_seat(license.id));
  EXPECT_TRUE(licenses.try_take_seat(license.id));
  EXPECT_EQ(licenses.find(operator_scope(), license.id)->seats_used, 2);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(licenses.try_take_seat(msp.id));
  EXPECT_EQ(licenses.find(operator_scope(), msp.id)->seats_used, 100);
  EXPECT_FALSE(licenses.try_take_seat(999999));

  const core::License empty = make_license(tenants_.customer_a1, 1, "key-empty");
  EXPECT_FALSE(licenses.release_seat(empty.id));
}

TEST_P(StoresTest, LicenseTypeAndSeatTotalMustAgree) {
  auto connection = database_->acquire();
  LicenseStore licenses(*connection);
  core::License license{.key = "k",
                        .customer_id = tenants_.customer_a1.id,
                        .reseller_id = tenants_.reseller_a.id,
                        .type = core::LicenseType::msp,
                        .seats_total = 5};
  try {
    licenses.create(license);
    FAIL() << "msp license with a seat total accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::constraint);
  }
}

TEST_P(StoresTest, GroupTreeBelowOneMainGroup) {
  const core::License a1 = make_license(tenants_.customer_a1, 5, "key-groups");
  auto connection = database_->acquire();
  GroupStore groups(*connection);
  const core::Group office = groups.create_subgroup(*a1.main_group_id, "Office", 1);
  EXPECT_EQ(office.license_id, a1.id);
  const core::Group laptops = groups.create_subgroup(office.id, "Laptops", 2);
  EXPECT_EQ(laptops.parent_id, office.id);
  EXPECT_THROW(groups.create_main(a1.id, "Second main", 3), DbError);
  try {
    groups.create_subgroup(*a1.main_group_id, "office", 4);
    FAIL() << "duplicate sibling name accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::unique_violation);
  }
  try {
    groups.create_subgroup(999999, "Orphan", 5);
    FAIL() << "unknown parent accepted";
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::not_found);
  }

  const auto listed = groups.list_by_license(TenantScope::of(tenants_.customer_a1), a1.id);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, *a1.main_group_id);
  EXPECT_FALSE(listed[0].parent_id);
  EXPECT_TRUE(groups.list_by_license(TenantScope::of(tenants_.reseller_b), a1.id).empty());
  EXPECT_EQ(groups.find(TenantScope::of(tenants_.reseller_a), laptops.id)->name, "Laptops");
  EXPECT_FALSE(groups.find(TenantScope::of(tenants_.customer_a2), laptops.id));
}

TEST_P(StoresTest, ActionLogNewestFirstWithinScope) {
  const core::License a1 = make_license(tenants_.customer_a1, 5, "key-log");
  auto connection = database_->acquire();
  ActionLogStore log(*connection);
  core::ActionLogEntry entry{.company_id = tenants_.customer_a1.id,
                             .reseller_id = tenants_.reseller_a.id,
                             .license_id = a1.id,
                             .action = "license_created",
                             .status = core::ActionStatus::completed,
                             .user_id = 7,
                             .actor = "Ann",
                             .started_at = 10,
                             .ended_at = 10};
  const core::ActionLogEntry first = log.append(entry);
  entry.action = "device_scan";
  entry.status = core::ActionStatus::outstanding;
  entry.user_id.reset();
  entry.actor = "Client";
  entry.started_at = 20;
  entry.ended_at.reset();
  entry.details = R"({"scan":"quick"})";
  const core::ActionLogEntry second = log.append(entry);
  EXPECT_TRUE(log.update_status(second.id, core::ActionStatus::completed, 25, 25, "done"));
  EXPECT_FALSE(log.update_status(999999, core::ActionStatus::completed, 25, 25, ""));

  const auto listed = log.list_by_license(TenantScope::of(tenants_.reseller_a), a1.id);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, second.id);
  EXPECT_EQ(listed[0].status, core::ActionStatus::completed);
  EXPECT_EQ(listed[0].ended_at, 25);
  EXPECT_EQ(listed[0].client_message, "done");
  EXPECT_FALSE(listed[0].user_id);
  EXPECT_EQ(listed[0].details, R"({"scan":"quick"})");
  EXPECT_EQ(second.timeline,
            (std::vector<core::ActionTransition>{{core::ActionStatus::outstanding, 20}}));
  EXPECT_EQ(listed[0].timeline,
            (std::vector<core::ActionTransition>{{core::ActionStatus::outstanding, 20},
                                                 {core::ActionStatus::completed, 25}}));
  EXPECT_EQ(listed[1].id, first.id);
  EXPECT_EQ(listed[1].user_id, 7);
  EXPECT_EQ(log.list_by_license(TenantScope::of(tenants_.reseller_a), a1.id, 1, 1).size(), 1u);
  EXPECT_TRUE(log.list_by_license(TenantScope::of(tenants_.reseller_b), a1.id).empty());
  EXPECT_TRUE(log.list_by_license(TenantScope::of(tenants_.customer_a2), a1.id).empty());
}

TEST_P(StoresTest, CommentsNewestFirstWithinScope) {
  const core::License a1 = make_license(tenants_.customer_a1, 5, "key-comments");
  auto connection = database_->acquire();
  CommentStore comments(*connection);
  comments.add(core::Comment{.license_id = a1.id,
                             .author_user_id = 3,
                             .author_name = "Ann",
                             .body = "first",
                             .created_at = 10});
  // Same second: the later insert still comes first.
  comments.add(
      core::Comment{.license_id = a1.id, .author_name = "Bob", .body = "second", .created_at = 10});
  comments.add(
      core::Comment{.license_id = a1.id, .author_name = "Cid", .body = "third", .created_at = 30});
  const auto listed = comments.list(TenantScope::of(tenants_.customer_a1), a1.id);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].body, "third");
  EXPECT_EQ(listed[1].body, "second");
  EXPECT_EQ(listed[2].body, "first");
  EXPECT_EQ(listed[2].author_user_id, 3);
  EXPECT_TRUE(comments.list(TenantScope::of(tenants_.reseller_b), a1.id).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoresTest, ::testing::Values(Engine::sqlite, Engine::postgres),
                         engine_name);

}  // namespace
}  // namespace keyward::store::testing
