// Companies: everyone sees their company and everything below it; admins create the next
// level below their own company and rename what lies below it.

#include <gtest/gtest.h>

#include <set>

#include "sessions.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class Companies : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::set<std::int64_t> listed(const Account& account, const std::string& query = "") {
    const Reply reply = world.as(account).get("/api/v1/companies" + query);
    EXPECT_EQ(reply.status, 200) << reply;
    std::set<std::int64_t> ids;
    for (const auto& item : reply.object().at("items").as_array()) {
      ids.insert(item.at("id").as_int64());
    }
    EXPECT_EQ(reply.object().at("total").as_int64(), static_cast<std::int64_t>(ids.size()));
    return ids;
  }
  std::string name_of(std::int64_t company) {
    return world.database().sql("SELECT name FROM companies WHERE id = " + std::to_string(company));
  }
  std::string path(std::int64_t company) { return "/api/v1/companies/" + std::to_string(company); }
};

TEST_P(Companies, EveryoneSeesTheirCompanyAndEverythingBelowIt) {
  EXPECT_EQ(listed(world.a_admin),
            (std::set<std::int64_t>{world.reseller_a, world.customer_a1, world.customer_a2}));
  EXPECT_EQ(listed(world.a_viewer), listed(world.a_admin));
  EXPECT_EQ(listed(world.a1_viewer), (std::set<std::int64_t>{world.customer_a1}));
  EXPECT_EQ(listed(world.b_admin), (std::set<std::int64_t>{world.reseller_b, world.customer_b1}));
  EXPECT_EQ(listed(world.op_admin).size(), 6u);
  EXPECT_EQ(listed(world.a_admin, "?kind=customer"),
            (std::set<std::int64_t>{world.customer_a1, world.customer_a2}));
  EXPECT_EQ(listed(world.op_admin, "?parent_id=" + std::to_string(world.reseller_b)),
            (std::set<std::int64_t>{world.customer_b1}));
  EXPECT_EQ(listed(world.a_admin, "?q=BERG"), (std::set<std::int64_t>{world.customer_a1}));
  EXPECT_EQ(listed(world.a_admin, "?q=100%25"), std::set<std::int64_t>{});

  const Reply first = world.as(world.a_admin).get("/api/v1/companies?sort=-name&per_page=10");
  EXPECT_EQ(first.object().at("items").at(0).at("name"), "Praxis Berg") << first;
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/companies?sort=secret").error_code(),
            "invalid_sort");
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/companies?kind=planet").status, 400);
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/companies?page=0").status, 400);

  const Reply one = world.as(world.a1_viewer).get(path(world.customer_a1));
  ASSERT_EQ(one.status, 200) << one;
  EXPECT_EQ(one.object().at("name"), "Praxis Berg");
  EXPECT_EQ(one.object().at("kind"), "customer");
  EXPECT_EQ(one.object().at("parent_id").as_int64(), world.reseller_a);
  for (const auto* outsider : {&world.b_admin, &world.a2_admin, &world.b1_admin}) {
    EXPECT_EQ(world.as(*outsider).get(path(world.customer_a1)).status, 404) << outsider->email;
  }
  EXPECT_EQ(world.as(world.a1_admin).get(path(world.reseller_a)).status, 404) << "above";
  EXPECT_EQ(world.as(world.a1_admin).get("/api/v1/companies/x").status, 404);
}

TEST_P(Companies, AdminsCreateTheLevelBelowTheirOwnCompany) {
  const Reply reseller =
      world.as(world.op_admin).post("/api/v1/companies", json::object{{"name", "Eastwind GmbH"}});
  ASSERT_EQ(reseller.status, 201) << reseller;
  EXPECT_EQ(reseller.object().at("kind"), "reseller");
  EXPECT_EQ(reseller.object().at("parent_id").as_int64(), world.op_admin.company_id);

  const Reply customer =
      world.as(world.a_admin)
          .post("/api/v1/companies", json::object{{"name", "Zahnarzt Roth"}, {"kind", "customer"}});
  ASSERT_EQ(customer.status, 201) << customer;
  EXPECT_EQ(customer.object().at("kind"), "customer");
  EXPECT_EQ(customer.object().at("parent_id").as_int64(), world.reseller_a);
  EXPECT_EQ(listed(world.a_admin).count(customer.object().at("id").as_int64()), 1u);
  EXPECT_EQ(listed(world.b_admin).count(customer.object().at("id").as_int64()), 0u);

  const Reply wrong_kind =
      world.as(world.a_admin)
          .post("/api/v1/companies", json::object{{"name", "Sub-Reseller"}, {"kind", "reseller"}});
  EXPECT_EQ(wrong_kind.status, 400) << wrong_kind;
  EXPECT_EQ(wrong_kind.error_code(), "invalid_parent");
  EXPECT_EQ(world.as(world.a_admin)
                .post("/api/v1/companies", json::object{{"name", "x"}, {"kind", "operator"}})
                .status,
            400);
  const Reply duplicate =
      world.as(world.a_admin).post("/api/v1/companies", json::object{{"name", "praxis BERG"}});
  EXPECT_EQ(duplicate.status, 409) << duplicate;
  EXPECT_EQ(duplicate.error_code(), "company_exists");
  EXPECT_EQ(world.as(world.a_admin)
                .post("/api/v1/companies", json::object{{"name", "  "}})
                .object()
                .at("error")
                .at("message"),
            "name: must not be empty");
  // A name that only another reseller uses is free here.
  EXPECT_EQ(world.as(world.a_admin)
                .post("/api/v1/companies", json::object{{"name", "Kanzlei Weiss"}})
                .status,
            201);

  for (const auto* refused : {&world.a_technician, &world.a_viewer, &world.a1_admin}) {
    const Reply reply =
        world.as(*refused).post("/api/v1/companies", json::object{{"name", "Not Allowed"}});
    EXPECT_EQ(reply.status, 403) << refused->email << ": " << reply;
  }
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM companies WHERE name = 'Not Allowed'"),
            0);
}

TEST_P(Companies, AdminsRenameTheCompaniesBelowTheirOwn) {
  const Reply renamed =
      world.as(world.a_admin)
          .patch(path(world.customer_a1), json::object{{"name", "Praxis Dr. Berg"}});
  ASSERT_EQ(renamed.status, 200) << renamed;
  EXPECT_EQ(renamed.object().at("name"), "Praxis Dr. Berg");
  EXPECT_EQ(name_of(world.customer_a1), "Praxis Dr. Berg");
  EXPECT_EQ(world.database().sql_int("SELECT COUNT(*) FROM action_log WHERE action = "
                                     "'company.renamed'"),
            1);

  const Reply taken =
      world.as(world.a_admin)
          .patch(path(world.customer_a1), json::object{{"name", "bäckerei SOMMER"}});
  EXPECT_EQ(taken.status, 409) << taken;
  EXPECT_EQ(taken.error_code(), "company_exists");
  EXPECT_EQ(
      world.as(world.a_admin).patch(path(world.customer_a1), json::object{{"name", ""}}).status,
      400);
  EXPECT_EQ(world.as(world.a_admin).patch(path(world.customer_a1), json::object{}).status, 400);

  // Outside the scope: not found; one's own company or without admin rights: forbidden.
  for (const auto* outsider : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*outsider)
                  .patch(path(world.customer_a1), json::object{{"name", "Hijacked"}})
                  .status,
              404)
        << outsider->email;
  }
  EXPECT_EQ(
      world.as(world.a1_admin).patch(path(world.reseller_a), json::object{{"name", "Mine"}}).status,
      404);
  EXPECT_EQ(
      world.as(world.a1_admin).patch(path(world.customer_a1), json::object{{"name", "Own"}}).status,
      403);
  EXPECT_EQ(world.as(world.a_viewer)
                .patch(path(world.customer_a1), json::object{{"name", "View"}})
                .status,
            403);
  EXPECT_EQ(world.as(world.a_technician)
                .patch(path(world.customer_a1), json::object{{"name", "Tech"}})
                .status,
            403);
  EXPECT_EQ(name_of(world.customer_a1), "Praxis Dr. Berg");
  EXPECT_EQ(world.as(world.op_admin)
                .patch(path(world.reseller_b), json::object{{"name", "Southwind AG"}})
                .status,
            200);
}

INSTANTIATE_TEST_SUITE_P(Engines, Companies, kEngines);

}  // namespace
}  // namespace keyward::test
