// The license screens of the portal API: list, information, rename / notify-at, "update
// license", and who may do what (SPEC.md §2 License, §3 Licenses).

#include <gtest/gtest.h>

#include "fleet.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class LicensesApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  std::string license_path(const WorldLicense& license) const {
    return "/api/v1/licenses/" + std::to_string(license.id);
  }

  // The ids of a list's items, in order.
  static std::vector<std::int64_t> ids(const Reply& reply) {
    std::vector<std::int64_t> result;
    for (const auto& item : reply.object().at("items").as_array()) {
      result.push_back(item.at("id").as_int64());
    }
    return result;
  }

  std::vector<std::int64_t> listed(const Account& account, const std::string& query = "") {
    const Reply reply = world.as(account).get("/api/v1/licenses" + query);
    EXPECT_EQ(reply.status, 200) << reply;
    return ids(reply);
  }

  std::string name_of(const WorldLicense& license) {
    return world.database().sql("SELECT name FROM licenses WHERE id = " +
                                std::to_string(license.id));
  }

  std::int64_t log_entries(const WorldLicense& license, const std::string& action) {
    return world.database().sql_int("SELECT COUNT(*) FROM action_log WHERE license_id = " +
                                    std::to_string(license.id) + " AND action = '" + action + "'");
  }
};

using Ids = std::vector<std::int64_t>;

TEST_P(LicensesApi, TheListShowsWhatTheCallerMaySeeWithEveryColumn) {
  const Reply reply = world.as(world.a_admin).get("/api/v1/licenses");
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("total").as_int64(), 2);
  EXPECT_EQ(reply.object().at("page").as_int64(), 1);
  EXPECT_EQ(reply.object().at("per_page").as_int64(), 25);
  // Default order: by name ("Praxis Berg Clients" before "Sommer Filialen").
  ASSERT_EQ(ids(reply), (Ids{world.a1_license.id, world.a2_license.id}));
  const json::object& a1 = reply.object().at("items").at(0).as_object();
  EXPECT_EQ(a1.at("key").as_string(), world.a1_license.key);
  EXPECT_EQ(a1.at("name").as_string(), "Praxis Berg Clients");
  EXPECT_EQ(a1.at("type").as_string(), "purchase");
  EXPECT_EQ(a1.at("customer").at("id").as_int64(), world.customer_a1);
  EXPECT_EQ(a1.at("customer").at("name").as_string(), "Praxis Berg");
  EXPECT_EQ(a1.at("group").at("id").as_int64(), world.a1_license.main_group_id);
  EXPECT_EQ(a1.at("group").at("name").as_string(), "Praxis Berg");
  EXPECT_EQ(a1.at("activations").at("used").as_int64(), 0);
  EXPECT_EQ(a1.at("activations").at("total").as_int64(), 10);
  EXPECT_TRUE(a1.at("expires_at").as_string().ends_with("T23:59:59Z")) << a1;
  EXPECT_FALSE(a1.at("expired").as_bool());
  EXPECT_TRUE(a1.at("notify_at").is_null());

  const Reply msp = world.as(world.b_admin).get("/api/v1/licenses");
  ASSERT_EQ(ids(msp), (Ids{world.b1_license.id})) << msp;
  EXPECT_TRUE(msp.object().at("items").at(0).at("activations").at("total").is_null());

  EXPECT_EQ(listed(world.a1_admin), (Ids{world.a1_license.id}));
  EXPECT_EQ(listed(world.a2_admin), (Ids{world.a2_license.id}));
  EXPECT_EQ(listed(world.op_admin).size(), 3u);
  // Filtering by a customer of another reseller finds nothing rather than leaking anything.
  EXPECT_TRUE(listed(world.b_admin, "?customer_id=" + std::to_string(world.customer_a1)).empty());
  EXPECT_EQ(listed(world.a_admin, "?customer_id=" + std::to_string(world.customer_a2)),
            (Ids{world.a2_license.id}));
}

TEST_P(LicensesApi, SearchCoversLicenseAndCustomerNamesAndSortsAndPages) {
  EXPECT_EQ(listed(world.a_admin, "?q=sommer%20fil"), (Ids{world.a2_license.id}));
  EXPECT_EQ(listed(world.a_admin, "?q=B%C3%A4ckerei"), (Ids{world.a2_license.id}))
      << "customer name";
  EXPECT_EQ(listed(world.a_admin, "?q=PRAXIS"), (Ids{world.a1_license.id})) << "any letter case";
  EXPECT_TRUE(listed(world.a_admin, "?q=Kanzlei").empty()) << "another reseller's license";
  EXPECT_EQ(listed(world.a2_admin, "?q=B%C3%A4ckerei"), (Ids{world.a2_license.id}))
      << "a customer's own name";
  EXPECT_TRUE(listed(world.a1_admin, "?q=B%C3%A4ckerei").empty()) << "a sibling customer's name";

  EXPECT_EQ(listed(world.a_admin, "?sort=-name"), (Ids{world.a2_license.id, world.a1_license.id}));
  EXPECT_EQ(listed(world.a_admin, "?sort=customer"),
            (Ids{world.a2_license.id, world.a1_license.id}));
  world.activate_device(world.a2_license, "PC-01");
  EXPECT_EQ(listed(world.a_admin, "?sort=-activations"),
            (Ids{world.a2_license.id, world.a1_license.id}));
  for (const std::string key : {"expires_at", "-expires_at", "type", "created_at"}) {
    EXPECT_EQ(listed(world.a_admin, "?sort=" + key).size(), 2u) << key;
  }

  const Reply first = world.as(world.a_admin).get("/api/v1/licenses?per_page=10&page=1");
  EXPECT_EQ(first.object().at("items").as_array().size(), 2u);
  const Reply beyond = world.as(world.a_admin).get("/api/v1/licenses?page=7");
  ASSERT_EQ(beyond.status, 200) << beyond;
  EXPECT_TRUE(beyond.object().at("items").as_array().empty());
  EXPECT_EQ(beyond.object().at("total").as_int64(), 2) << "the total of the whole list";
}

// Both engines fold ASCII letters only and sort names in byte order (migration 14 gives
// PostgreSQL the "C" collation for them), so a search or a sort answers alike on either.
TEST_P(LicensesApi, NamesFoldAsciiLettersAndSortInByteOrderOnBothEngines) {
  for (const auto& [license, name] : {std::pair{world.a1_license, "Ärzte Nord"},
                                      std::pair{world.a2_license, "Zahnarzt Süd"}}) {
    ASSERT_EQ(
        world.as(world.a_admin).patch(license_path(license), json::object{{"name", name}}).status,
        200);
  }
  EXPECT_EQ(listed(world.a_admin, "?q=%C3%84RZTE"), (Ids{world.a1_license.id}))
      << "ÄRZTE: the ASCII letters in another case";
  EXPECT_TRUE(listed(world.a_admin, "?q=%C3%A4rzte").empty()) << "ärzte: Ä and ä differ";
  EXPECT_EQ(listed(world.a_admin, "?q=ZAHNARZT%20S%C3%BCD"), (Ids{world.a2_license.id}));
  // "zahnarzt süd" < "Ärzte nord": z is 0x7a, Ä starts with 0xc3.
  EXPECT_EQ(listed(world.a_admin, "?sort=name"), (Ids{world.a2_license.id, world.a1_license.id}));
  EXPECT_EQ(listed(world.a_admin, "?q=r&sort=name"),
            (Ids{world.a2_license.id, world.a1_license.id}))
      << "a search sorts the same way";
}

TEST_P(LicensesApi, HideExpiredLeavesOutExpiredLicensesWhichAreMarked) {
  expire(world, world.a2_license.id);
  const Reply all = world.as(world.a_admin).get("/api/v1/licenses?hide_expired=false");
  ASSERT_EQ(ids(all), (Ids{world.a1_license.id, world.a2_license.id})) << all;
  EXPECT_TRUE(all.object().at("items").at(1).at("expired").as_bool());
  EXPECT_EQ(listed(world.a_admin, "?hide_expired=true"), (Ids{world.a1_license.id}));
  const Reply bad = world.as(world.a_admin).get("/api/v1/licenses?hide_expired=yes");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_NE(bad.object().at("error").at("message").as_string().find("hide_expired"),
            std::string::npos);
}

TEST_P(LicensesApi, BadListInputIsAClear400OrAnEmptyResultNeverA500) {
  const auto get = [&](const std::string& query) {
    return world.as(world.a_admin).get("/api/v1/licenses" + query);
  };
  const Reply sort = get("?sort=key");
  EXPECT_EQ(sort.status, 400) << sort;
  EXPECT_EQ(sort.error_code(), "invalid_sort");
  EXPECT_EQ(get("?per_page=1000").status, 400);
  EXPECT_EQ(get("?page=0").status, 400);
  EXPECT_EQ(get("?page=abc").status, 400);
  EXPECT_EQ(get("?customer_id=abc").status, 400);
  EXPECT_EQ(get("?q=" + std::string(10 * 1024, 'x')).status, 400) << "q is at most 200 characters";

  // Wildcards and quotes are text: they match only names that contain them.
  for (const std::string q : {"%", "_", "'", "\"", "%25'--", "\\"}) {
    const Reply reply = get("?q=" + url_encode(q));
    ASSERT_EQ(reply.status, 200) << q << ": " << reply;
    EXPECT_EQ(reply.object().at("total").as_int64(), 0) << q;
  }
  ASSERT_EQ(
      world.as(world.a_admin)
          .patch(license_path(world.a1_license), json::object{{"name", "100% Schutz_Plus 'A'"}})
          .status,
      200);
  for (const std::string q : {"%", "_", "'", "0% s", "Z_P"}) {
    EXPECT_EQ(listed(world.a_admin, "?q=" + url_encode(q)), (Ids{world.a1_license.id})) << q;
  }
}

TEST_P(LicensesApi, OneLicenseIsShownOnlyWithinTheTenant) {
  const Reply reply = world.as(world.a1_viewer).get(license_path(world.a1_license));
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("id").as_int64(), world.a1_license.id);
  EXPECT_EQ(reply.object().at("customer").at("name").as_string(), "Praxis Berg");
  for (const Account* other : {&world.b_admin, &world.a2_admin, &world.b1_admin}) {
    const Reply hidden = world.as(*other).get(license_path(world.a1_license));
    EXPECT_EQ(hidden.status, 404) << other->email << ": " << hidden;
    EXPECT_EQ(hidden.error_code(), "not_found");
  }
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/licenses/999999").status, 404);
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/licenses/abc").status, 404);
  EXPECT_EQ(world.anonymous().get(license_path(world.a1_license)).status, 401);
}

TEST_P(LicensesApi, TechniciansRenameLicensesAndSetTheNotifyThreshold) {
  const Reply reply = world.as(world.a_technician)
                          .patch(license_path(world.a1_license),
                                 json::object{{"name", "  Praxis Berg 2026 "}, {"notify_at", 8}});
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("name").as_string(), "Praxis Berg 2026");
  EXPECT_EQ(reply.object().at("notify_at").as_int64(), 8);
  EXPECT_EQ(world.as(world.a1_admin).get(license_path(world.a1_license)).object().at("notify_at"),
            json::value(8));
  EXPECT_EQ(log_entries(world.a1_license, "license.updated"), 1);

  // Each field alone leaves the other as it is; null switches the notification off.
  const Reply renamed =
      world.as(world.a1_admin)
          .patch(license_path(world.a1_license), json::object{{"name", "Praxis"}});
  EXPECT_EQ(renamed.object().at("notify_at").as_int64(), 8) << renamed;
  const Reply off =
      world.as(world.a1_admin)
          .patch(license_path(world.a1_license), json::object{{"notify_at", nullptr}});
  EXPECT_TRUE(off.object().at("notify_at").is_null()) << off;
  EXPECT_EQ(off.object().at("name").as_string(), "Praxis");

  // MSP licenses have no seat total to compare with.
  EXPECT_EQ(world.as(world.b_admin)
                .patch(license_path(world.b1_license), json::object{{"notify_at", 5000}})
                .status,
            200);
}

TEST_P(LicensesApi, InvalidChangesAreA400NamingTheField) {
  const auto patch_error = [&](const json::value& body) {
    const Reply reply = world.as(world.a_admin).patch(license_path(world.a1_license), body);
    EXPECT_EQ(reply.status, 400) << json::serialize(body) << ": " << reply;
    return reply.status == 400 ? std::string(reply.object().at("error").at("message").as_string())
                               : std::string();
  };
  EXPECT_EQ(patch_error(json::object{{"notify_at", 11}}), "notify_at: must be between 1 and 10");
  EXPECT_EQ(patch_error(json::object{{"notify_at", 0}}), "notify_at: must be between 1 and 10");
  EXPECT_EQ(patch_error(json::object{{"notify_at", "5"}}), "notify_at: must be a whole number");
  EXPECT_EQ(patch_error(json::object{{"notify_at", 2.5}}), "notify_at: must be a whole number");
  EXPECT_EQ(patch_error(json::object{{"name", ""}}), "name: must not be empty");
  EXPECT_EQ(patch_error(json::object{{"name", nullptr}}), "name: is required");
  EXPECT_EQ(patch_error(json::object{{"name", std::string(201, 'n')}}),
            "name: must have at most 200 characters");
  EXPECT_EQ(patch_error(json::object{{"name", "a\nb"}}),
            "name: must not contain control characters");
  EXPECT_EQ(patch_error(json::object{{"notifyAt", 3}}), "notifyAt: is not a known field");
  EXPECT_EQ(patch_error(json::object{}), "body: name or notify_at is required");
  EXPECT_EQ(patch_error(json::array{}), "body: must be a JSON object");
  const Reply broken =
      world.as(world.a_admin)
          .request(http::Method::patch, license_path(world.a1_license), "{\"name\":");
  EXPECT_EQ(broken.status, 400) << broken;
  EXPECT_EQ(name_of(world.a1_license), "Praxis Berg Clients");
  EXPECT_EQ(log_entries(world.a1_license, "license.updated"), 0);
}

TEST_P(LicensesApi, ViewersOtherTenantsAndExpiredLicensesChangeNothing) {
  const json::object rename{{"name", "Hijacked"}, {"notify_at", 1}};
  for (const Account* viewer : {&world.a_viewer, &world.a1_viewer}) {
    for (const Reply& reply :
         {world.as(*viewer).patch(license_path(world.a1_license), rename),
          world.as(*viewer).post(license_path(world.a1_license) + "/refresh")}) {
      EXPECT_EQ(reply.status, 403) << viewer->email << ": " << reply;
      EXPECT_EQ(reply.error_code(), "forbidden");
    }
  }
  for (const Account* other : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*other).patch(license_path(world.a1_license), rename).status, 404);
    EXPECT_EQ(world.as(*other).post(license_path(world.a1_license) + "/refresh").status, 404);
  }
  EXPECT_EQ(name_of(world.a1_license), "Praxis Berg Clients");

  expire(world, world.a1_license.id);
  const Reply expired = world.as(world.a_admin).patch(license_path(world.a1_license), rename);
  EXPECT_EQ(expired.status, 409) << expired;
  EXPECT_EQ(expired.error_code(), "license_expired");
  EXPECT_EQ(name_of(world.a1_license), "Praxis Berg Clients");
  EXPECT_EQ(log_entries(world.a1_license, "license.updated"), 0);
  EXPECT_EQ(log_entries(world.a1_license, "license.refreshed"), 0);
}

TEST_P(LicensesApi, UpdateLicenseRecountsActivationsAndRereadsSeatsAndExpiry) {
  world.activate_device(world.a1_license, "PC-01");
  world.activate_device(world.a1_license, "PC-02");
  // The count drifted, and the operator changed seats and expiry behind the portal's back.
  world.database().sql(
      "UPDATE licenses SET seats_used = 7, seats_total = 20, expires_at = "
      "4102444799 WHERE id = " +
      std::to_string(world.a1_license.id));
  const Reply reply =
      world.as(world.a_technician).post(license_path(world.a1_license) + "/refresh");
  ASSERT_EQ(reply.status, 200) << reply;
  EXPECT_EQ(reply.object().at("activations").at("used").as_int64(), 2);
  EXPECT_EQ(reply.object().at("activations").at("total").as_int64(), 20);
  EXPECT_EQ(reply.object().at("expires_at").as_string(), "2099-12-31T23:59:59Z");
  EXPECT_EQ(seats_used(world, world.a1_license.id), 2);
  EXPECT_EQ(log_entries(world.a1_license, "license.refreshed"), 1);

  // Re-reading is how an extension shows up, so it works on an expired license too.
  expire(world, world.a1_license.id);
  const Reply expired = world.as(world.a1_admin).post(license_path(world.a1_license) + "/refresh");
  EXPECT_EQ(expired.status, 200) << expired;
  EXPECT_TRUE(expired.object().at("expired").as_bool());
}

INSTANTIATE_TEST_SUITE_P(Engines, LicensesApi, kEngines);

}  // namespace
}  // namespace keyward::test
