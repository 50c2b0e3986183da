// Configuration profiles over the portal API: owner visibility (customers never see their
// reseller's profiles), every settings rule as a 400 naming the field, revisions, secrets
// that never come back, clone, delete only when unused, and transmit / save & transmit
// queuing exactly one apply_settings per active device.

#include <gtest/gtest.h>

#include "api_test_support.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class ProfilesApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};

  static std::string path(std::int64_t id) { return "/api/v1/profiles/" + std::to_string(id); }

  std::int64_t create(const Account& account, const std::string& name,
                      const json::object& settings = {},
                      std::optional<std::int64_t> owner = std::nullopt) {
    json::object body{{"name", name}, {"settings", settings}};
    if (owner) body["owner_company_id"] = *owner;
    const Reply reply = world.as(account).post("/api/v1/profiles", body);
    EXPECT_EQ(reply.status, 201) << reply;
    return reply.status == 201 ? reply.object().at("id").as_int64() : 0;
  }

  std::vector<std::int64_t> listed_ids(const Reply& reply) {
    std::vector<std::int64_t> ids;
    for (const auto& item : reply.object().at("items").as_array()) {
      ids.push_back(item.at("id").as_int64());
    }
    return ids;
  }

  std::int64_t revision_of(std::int64_t profile) {
    return world.database().sql_int("SELECT current_revision FROM profiles WHERE id = " +
                                    std::to_string(profile));
  }
  std::string stored_settings(std::int64_t profile) {
    return world.database().sql(
        "SELECT r.settings FROM profile_revisions r JOIN profiles p ON p.id = r.profile_id AND "
        "r.revision = p.current_revision WHERE p.id = " +
        std::to_string(profile));
  }
  void assign(std::int64_t group, std::int64_t profile) {
    const Reply reply =
        world.as(world.a_admin)
            .put("/api/v1/groups/" + std::to_string(group) + "/profile", {{"profile_id", profile}});
    ASSERT_EQ(reply.status, 200) << reply;
  }
  std::int64_t apply_settings_commands(std::int64_t device) {
    return count_rows(world, "device_commands",
                      "type = 'apply_settings' AND device_id = " + std::to_string(device));
  }

  json::object checkin(const std::string& token, std::int64_t applied_revision = 0) {
    const json::object report{
        {"client_version", "3.2.34"},
        {"hostname", "PC"},
        {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}, {"build", "26100.4061"}}},
        {"infections", 0},
        {"protection", {{"realtime", true}, {"updates", true}}},
        {"settings_revision", applied_revision}};
    http::Client client("127.0.0.1", world.port());
    const http::Response response = client.post("/agent/v1/checkin", json::serialize(report),
                                                {{"authorization", "Bearer " + token}});
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
};

TEST_P(ProfilesApi, ACustomerSeesOnlyItsOwnProfilesAndTheResellerItsOwnAndItsCustomers) {
  const std::int64_t praxis = create(world.a1_admin, "Praxis standard");
  const std::int64_t baseline = create(world.a_technician, "Northwind baseline");
  const std::int64_t sommer = create(world.a2_admin, "Sommer");
  const std::int64_t weiss = create(world.b_admin, "Southwind for Weiss", {}, world.customer_b1);

  const Reply customer = world.as(world.a1_viewer).get("/api/v1/profiles");
  ASSERT_EQ(customer.status, 200) << customer;
  EXPECT_EQ(listed_ids(customer), std::vector<std::int64_t>{praxis});
  EXPECT_EQ(customer.object().at("total").as_int64(), 1);
  for (const std::int64_t hidden : {baseline, sommer, weiss}) {
    const Reply reply = world.as(world.a1_admin).get(path(hidden));
    EXPECT_EQ(reply.status, 404) << reply;
    EXPECT_EQ(reply.error_code(), "not_found");
  }

  const Reply reseller = world.as(world.a_viewer).get("/api/v1/profiles");
  EXPECT_EQ(listed_ids(reseller), (std::vector<std::int64_t>{baseline, praxis, sommer}));
  EXPECT_EQ(reseller.object().at("items").at(0).at("owner").at("kind").as_string(), "reseller");
  EXPECT_EQ(reseller.object().at("items").at(1).at("owner").at("name").as_string(), "Praxis Berg");
  EXPECT_EQ(world.as(world.a_viewer).get(path(sommer)).status, 200);
  EXPECT_EQ(world.as(world.b_admin).get(path(praxis)).status, 404);
  EXPECT_EQ(world.as(world.a2_admin).get(path(praxis)).status, 404);
  EXPECT_EQ(listed_ids(world.as(world.b1_admin).get("/api/v1/profiles")),
            std::vector<std::int64_t>{weiss});
  EXPECT_EQ(world.as(world.op_admin).get("/api/v1/profiles").object().at("total").as_int64(), 4);

  const Reply searched = world.as(world.a_admin).get("/api/v1/profiles?q=WIND&sort=-name");
  EXPECT_EQ(listed_ids(searched), std::vector<std::int64_t>{baseline});
  const Reply owned =
      world.as(world.a_admin)
          .get("/api/v1/profiles?owner_company_id=" + std::to_string(world.customer_a2));
  EXPECT_EQ(listed_ids(owned), std::vector<std::int64_t>{sommer});
  const Reply paged = world.as(world.a_admin).get("/api/v1/profiles?per_page=10&page=2");
  EXPECT_TRUE(listed_ids(paged).empty());
  EXPECT_EQ(paged.object().at("total").as_int64(), 3);
  const Reply wildcard = world.as(world.a_admin).get("/api/v1/profiles?q=%25");
  EXPECT_TRUE(listed_ids(wildcard).empty()) << wildcard;
  const Reply bad_sort = world.as(world.a_admin).get("/api/v1/profiles?sort=owner");
  EXPECT_EQ(bad_sort.status, 400);
  EXPECT_EQ(bad_sort.error_code(), "invalid_sort");
  EXPECT_EQ(world.as(world.a_admin).get("/api/v1/profiles?owner_company_id=x").status, 400);
}

TEST_P(ProfilesApi, TheOwnerIsTheCallersCompanyOrOneItCanSee) {
  const Reply created = world.as(world.a_admin)
                            .post("/api/v1/profiles", {{"name", "For Praxis"},
                                                       {"owner_company_id", world.customer_a1}});
  ASSERT_EQ(created.status, 201) << created;
  EXPECT_EQ(created.object().at("owner").at("id").as_int64(), world.customer_a1);
  EXPECT_EQ(created.object().at("current_revision").as_int64(), 1);
  EXPECT_EQ(created.object().at("revisions").as_array().size(), 1u);
  EXPECT_EQ(created.object().at("revisions").at(0).at("author").at("id").as_int64(),
            world.a_admin.user_id);
  EXPECT_TRUE(created.object().at("groups").as_array().empty());
  // The customer sees it: it owns it.
  EXPECT_EQ(world.as(world.a1_admin).get(path(created.object().at("id").as_int64())).status, 200);

  const std::int64_t before = count_rows(world, "profiles");
  const Reply foreign =
      world.as(world.a_admin)
          .post("/api/v1/profiles", {{"name", "X"}, {"owner_company_id", world.customer_b1}});
  EXPECT_EQ(foreign.status, 404) << foreign;
  const Reply sibling =
      world.as(world.a1_admin)
          .post("/api/v1/profiles", {{"name", "X"}, {"owner_company_id", world.customer_a2}});
  EXPECT_EQ(sibling.status, 404) << sibling;
  const Reply operator_own = world.as(world.op_admin).post("/api/v1/profiles", {{"name", "X"}});
  EXPECT_EQ(operator_own.status, 400) << operator_own;
  EXPECT_NE(operator_own.raw.find("owner_company_id"), std::string::npos);
  for (const Account* viewer : {&world.a_viewer, &world.a1_viewer}) {
    const Reply reply = world.as(*viewer).post("/api/v1/profiles", {{"name", "X"}});
    EXPECT_EQ(reply.status, 403) << reply;
    EXPECT_EQ(reply.error_code(), "forbidden");
  }
  EXPECT_EQ(world.as(world.a_admin).post("/api/v1/profiles", json::object{}).status, 400);
  EXPECT_EQ(count_rows(world, "profiles"), before);
}

TEST_P(ProfilesApi, EverySettingsRuleIsA400NamingTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"email_protection": "yes"})", "settings.email_protection: must be true or false"},
      {R"({"spam_protection": null, "unknown": 1})", "settings.unknown: is not a known field"},
      {R"({"autoscan": {"mode": "hourly"}})",
       "settings.autoscan.mode: must be one of off, daily, weekly, monthly"},
      {R"({"autoscan": {"mode": "weekly", "weekday": 8, "time": "10:00"}})",
       "settings.autoscan.weekday: must be between 1 and 7"},
      {R"({"autoscan": {"mode": "weekly", "time": "10:00"}})",
       "settings.autoscan.weekday: is required"},
      {R"({"autoscan": {"mode": "monthly", "day_of_month": 32, "time": "10:00"}})",
       "settings.autoscan.day_of_month: must be between 1 and 31"},
      {R"({"autoscan": {"mode": "daily", "weekday": 1, "time": "10:00"}})",
       "settings.autoscan.weekday: is only for weekly autoscan"},
      {R"({"autoscan": {"mode": "daily", "time": "25:00"}})",
       "settings.autoscan.time: must be a time HH:MM from 00:00 to 23:59"},
      {R"({"scan_type": "deep"})",
       "settings.scan_type: must be one of quick, system_partition, complete, removable_media"},
      {R"({"settings_password": "short"})",
       "settings.settings_password: must have 8 to 64 characters"},
      {R"({"notifications": {"on_infection": 1}})",
       "settings.notifications.on_infection: must be true or false"},
      {R"({"exclusions": {"paths": ["relative\\path"]}})",
       "settings.exclusions.paths[0]: must be an absolute Windows path (C:\\…, "
       "\\\\server\\share\\…) "
       "or start with an environment variable (%ProgramData%\\…)"},
      {R"({"exclusions": {"processes": ["C:\\bin\\tool.exe"]}})",
       "settings.exclusions.processes[0]: must be a file name such as backup.exe, without a path "
       "or * ?"},
      {R"({"exclusions": {"max_file_size_mb": 5000}})",
       "settings.exclusions.max_file_size_mb: must be between 0 and 4096"},
      {R"({"updates": {"enabled": false}})",
       "settings.updates.enabled: updates can not be disabled"},
      {R"({"updates": {"proxy": {"host": "proxy", "port": 70000}}})",
       "settings.updates.proxy.port: must be between 1 and 65535"},
      {R"({"updates": {"proxy": {"host": "http://proxy", "port": 8080}}})",
       "settings.updates.proxy.host: must be a host name or an IP address, without scheme or port"},
      {R"("all")", "settings: must be a JSON object"},
  };
  const std::int64_t before = count_rows(world, "profiles");
  for (const auto& [settings, message] : cases) {
    const Reply reply = world.as(world.a1_admin)
                            .request(http::Method::post, "/api/v1/profiles",
                                     R"({"name": "Invalid", "settings": )" + settings + "}");
    EXPECT_EQ(reply.status, 400) << settings << ": " << reply;
    EXPECT_EQ(reply.error_code(), "invalid_request") << settings;
    EXPECT_EQ(reply.object().at("error").at("message").as_string(), message) << settings;
  }
  const Reply extra =
      world.as(world.a1_admin).post("/api/v1/profiles", {{"name", "X"}, {"revision", 3}});
  EXPECT_EQ(extra.status, 400) << extra;
  EXPECT_EQ(count_rows(world, "profiles"), before);

  // The same rules hold for a save, which then changes nothing.
  const std::int64_t profile = create(world.a1_admin, "Valid");
  const Reply save = world.as(world.a1_admin)
                         .put(path(profile), {{"settings", {{"updates", {{"enabled", false}}}}}});
  EXPECT_EQ(save.status, 400) << save;
  EXPECT_EQ(world.as(world.a1_admin).put(path(profile), {{"name", "No settings"}}).status, 400);
  EXPECT_EQ(revision_of(profile), 1);
}

TEST_P(ProfilesApi, EachSaveIsARevisionAndSecretsNeverComeBack) {
  const json::object settings{
      {"autoscan", {{"mode", "monthly"}, {"day_of_month", 31}, {"time", "03:00"}}},
      {"settings_password", "Praxis-Geheim-1"},
      {"exclusions", {{"paths", json::array{"C:\\Praxis\\Bilder"}}}},
      {"updates",
       {{"proxy",
         {{"host", "proxy.praxis.local"},
          {"port", 3128},
          {"username", "av"},
          {"password", "Proxy-Geheim-2"}}}}}};
  const Reply created = world.as(world.a1_admin)
                            .post("/api/v1/profiles", {{"name", "Praxis"}, {"settings", settings}});
  ASSERT_EQ(created.status, 201) << created;
  const std::int64_t profile = created.object().at("id").as_int64();
  const json::object& shown = created.object().at("settings").as_object();
  EXPECT_EQ(json::value(shown.at("settings_password")), json::parse(R"({"set": true})"));
  EXPECT_EQ(json::value(shown.at("updates").at("proxy").at("password")),
            json::parse(R"({"set": true})"));
  EXPECT_EQ(shown.at("autoscan").at("day_of_month").as_int64(), 31);
  EXPECT_EQ(shown.at("scan_type").as_string(), "quick");
  EXPECT_EQ(created.raw.find("Geheim"), std::string::npos);
  EXPECT_EQ(world.as(world.a1_admin).get(path(profile)).raw.find("Geheim"), std::string::npos);
  // Stored: a salted Argon2id hash of the settings password; the proxy password as the
  // client must present it.
  const std::string stored = stored_settings(profile);
  EXPECT_EQ(stored.find("Praxis-Geheim-1"), std::string::npos);
  EXPECT_NE(stored.find("$argon2id$"), std::string::npos);
  EXPECT_NE(stored.find("Proxy-Geheim-2"), std::string::npos);

  // A save that sends back what it read keeps both secrets.
  json::object round_trip = shown;
  round_trip["scan_type"] = "complete";
  const Reply saved = world.as(world.a_technician)
                          .put(path(profile), {{"name", "Praxis 2"}, {"settings", round_trip}});
  ASSERT_EQ(saved.status, 200) << saved;
  EXPECT_EQ(saved.object().at("current_revision").as_int64(), 2);
  EXPECT_EQ(saved.object().at("name").as_string(), "Praxis 2");
  EXPECT_FALSE(saved.object().contains("transmitted"));
  EXPECT_EQ(saved.object().at("settings").at("scan_type").as_string(), "complete");
  EXPECT_EQ(json::value(saved.object().at("settings").at("settings_password")),
            json::parse(R"({"set": true})"));
  const json::array& revisions = saved.object().at("revisions").as_array();
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].at("revision").as_int64(), 2);
  EXPECT_EQ(revisions[0].at("author").at("id").as_int64(), world.a_technician.user_id);
  EXPECT_EQ(json::parse(stored_settings(profile)).at("settings_password"),
            json::parse(stored).at("settings_password"));

  // Omitted secrets are kept too; null removes them. Other omitted settings take defaults.
  const Reply cleared =
      world.as(world.a1_admin).put(path(profile), {{"settings", {{"settings_password", nullptr}}}});
  ASSERT_EQ(cleared.status, 200) << cleared;
  EXPECT_EQ(json::value(cleared.object().at("settings").at("settings_password")),
            json::parse(R"({"set": false})"));
  EXPECT_TRUE(cleared.object().at("settings").at("updates").at("proxy").is_null());
  EXPECT_EQ(cleared.object().at("settings").at("scan_type").as_string(), "quick");
  EXPECT_EQ(revision_of(profile), 3);

  EXPECT_EQ(world.as(world.a1_viewer).put(path(profile), {{"settings", json::object{}}}).status,
            403);
  EXPECT_EQ(world.as(world.a2_admin).put(path(profile), {{"settings", json::object{}}}).status,
            404);
  EXPECT_EQ(world.as(world.b_admin).put(path(profile), {{"settings", json::object{}}}).status, 404);
  EXPECT_EQ(revision_of(profile), 3);
  EXPECT_EQ(count_rows(world, "action_log", "action = 'profile.saved'"), 2);
}

TEST_P(ProfilesApi, DevicesGetTheNormalisedSettingsAndANewRevisionMarksThemIncomplete) {
  const std::int64_t profile = create(world.a1_admin, "Praxis",
                                      {{"settings_password", "Praxis-Geheim-1"},
                                       {"exclusions", {{"paths", json::array{"d:/Daten"}}}}});
  assign(world.a1_license.main_group_id, profile);
  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  checkin(token, 1);
  EXPECT_FALSE(has_status(world, device, core::FilterKey::settings_incomplete));

  http::Client client("127.0.0.1", world.port());
  const http::Response settings =
      client.get("/agent/v1/settings", {{"authorization", "Bearer " + token}});
  ASSERT_EQ(settings.status, 200) << settings.body;
  const json::object answer = json::parse(settings.body).as_object();
  EXPECT_EQ(answer.at("revision").as_int64(), 1);
  EXPECT_EQ(answer.at("settings").at("settings_password").at("algorithm").as_string(), "argon2id");
  EXPECT_TRUE(answer.at("settings")
                  .at("settings_password")
                  .at("hash")
                  .as_string()
                  .starts_with("$argon2id$"));
  EXPECT_EQ(answer.at("settings").at("exclusions").at("paths").at(0).as_string(), "d:\\Daten");
  EXPECT_EQ(settings.body.find("Praxis-Geheim-1"), std::string::npos);

  ASSERT_EQ(world.as(world.a1_admin).put(path(profile), {{"settings", json::object{}}}).status,
            200);
  EXPECT_TRUE(has_status(world, device, core::FilterKey::settings_incomplete));
  EXPECT_EQ(checkin(token, 1).at("settings_revision").as_int64(), 2);
}

TEST_P(ProfilesApi, AClonedProfileCopiesEverythingButTheGroups) {
  const std::int64_t original =
      create(world.a_admin, "Baseline",
             {{"settings_password", "Praxis-Geheim-1"}, {"scan_type", "complete"}});
  ASSERT_EQ(world.as(world.a_admin)
                .put(path(original), {{"settings", {{"scan_type", "complete"}}}})
                .status,
            200);
  assign(world.a1_license.main_group_id, original);

  const Reply copy = world.as(world.a_admin).post(path(original) + "/clone", {{"name", "Copy"}});
  ASSERT_EQ(copy.status, 201) << copy;
  const std::int64_t copy_id = copy.object().at("id").as_int64();
  EXPECT_NE(copy_id, original);
  EXPECT_EQ(copy.object().at("current_revision").as_int64(), 1);
  EXPECT_EQ(copy.object().at("owner").at("id").as_int64(), world.reseller_a);
  EXPECT_TRUE(copy.object().at("groups").as_array().empty());
  EXPECT_EQ(stored_settings(copy_id), stored_settings(original));

  const Reply for_customer =
      world.as(world.a_admin)
          .post(path(original) + "/clone",
                {{"name", "Praxis copy"}, {"owner_company_id", world.customer_a1}});
  ASSERT_EQ(for_customer.status, 201) << for_customer;
  EXPECT_EQ(for_customer.object().at("owner").at("id").as_int64(), world.customer_a1);
  EXPECT_EQ(world.as(world.a1_admin).get(path(for_customer.object().at("id").as_int64())).status,
            200);

  const std::int64_t before = count_rows(world, "profiles");
  EXPECT_EQ(world.as(world.a1_admin).post(path(original) + "/clone", {{"name", "Mine"}}).status,
            404);
  EXPECT_EQ(world.as(world.b_admin).post(path(original) + "/clone", {{"name", "Mine"}}).status,
            404);
  EXPECT_EQ(world.as(world.a_viewer).post(path(original) + "/clone", {{"name", "Mine"}}).status,
            403);
  EXPECT_EQ(world.as(world.a_admin).post(path(original) + "/clone", json::object{}).status, 400);
  EXPECT_EQ(count_rows(world, "profiles"), before);
}

TEST_P(ProfilesApi, AProfileCanOnlyBeDeletedWhenNoGroupUsesIt) {
  const std::int64_t profile = create(world.a1_admin, "Praxis");
  const std::int64_t main = world.a1_license.main_group_id;
  assign(main, profile);
  const Reply used = world.as(world.a1_admin).get(path(profile));
  ASSERT_EQ(used.object().at("groups").as_array().size(), 1u) << used;
  EXPECT_EQ(used.object().at("groups").at(0).at("license").at("id").as_int64(),
            world.a1_license.id);
  EXPECT_EQ(used.object().at("groups_using").as_int64(), 1);

  const Reply in_use = world.as(world.a1_admin).del(path(profile));
  EXPECT_EQ(in_use.status, 409) << in_use;
  EXPECT_EQ(in_use.error_code(), "profile_in_use");
  ASSERT_EQ(
      world.as(world.a1_admin).del("/api/v1/groups/" + std::to_string(main) + "/profile").status,
      200);
  EXPECT_EQ(world.as(world.a1_viewer).del(path(profile)).status, 403);
  EXPECT_EQ(world.as(world.b_admin).del(path(profile)).status, 404);
  EXPECT_EQ(world.as(world.a2_admin).del(path(profile)).status, 404);
  EXPECT_EQ(count_rows(world, "profiles", "id = " + std::to_string(profile)), 1);

  EXPECT_EQ(world.as(world.a1_admin).del(path(profile)).status, 204);
  EXPECT_EQ(world.as(world.a1_admin).get(path(profile)).status, 404);
  EXPECT_EQ(count_rows(world, "profile_revisions", "profile_id = " + std::to_string(profile)), 0);
}

TEST_P(ProfilesApi, TransmitQueuesOneApplySettingsPerActiveDeviceOfTheGroupsUsingIt) {
  const std::int64_t main = world.a1_license.main_group_id;
  const Reply lab_reply =
      world.as(world.a1_admin).post("/api/v1/groups", {{"parent_id", main}, {"name", "Lab"}});
  ASSERT_EQ(lab_reply.status, 201) << lab_reply;
  const std::int64_t lab = lab_reply.object().at("id").as_int64();
  const std::int64_t profile = create(world.a_admin, "Baseline");
  const std::int64_t other = create(world.a_admin, "Other");
  assign(main, profile);
  assign(lab, profile);
  assign(world.a2_license.main_group_id, other);

  const auto [in_main, main_token] = world.activate_device(world.a1_license, "PC-1");
  const auto [deactivated, deactivated_token] = world.activate_device(world.a1_license, "PC-2");
  const auto [in_lab, lab_token] = world.activate_device(world.a1_license, "PC-3");
  const auto [elsewhere, elsewhere_token] = world.activate_device(world.a2_license, "PC-4");
  world.database().sql("UPDATE devices SET group_id = " + std::to_string(lab) +
                       " WHERE id = " + std::to_string(in_lab));
  world.database().sql("UPDATE devices SET active = 0 WHERE id = " + std::to_string(deactivated));

  for (const Account* refused : {&world.a_viewer, &world.a1_viewer}) {
    EXPECT_EQ(world.as(*refused).post(path(profile) + "/transmit").status, 403);
  }
  EXPECT_EQ(world.as(world.b_admin).post(path(profile) + "/transmit").status, 404);
  EXPECT_EQ(world.as(world.a1_admin).post(path(profile) + "/transmit").status, 404);
  EXPECT_EQ(count_rows(world, "device_commands"), 0);

  const Reply transmitted = world.as(world.a_technician).post(path(profile) + "/transmit");
  ASSERT_EQ(transmitted.status, 200) << transmitted;
  EXPECT_EQ(transmitted.object().at("queued").as_int64(), 2);
  EXPECT_EQ(apply_settings_commands(in_main), 1);
  EXPECT_EQ(apply_settings_commands(in_lab), 1);
  EXPECT_EQ(apply_settings_commands(deactivated), 0);
  EXPECT_EQ(apply_settings_commands(elsewhere), 0);

  const json::object delivered = checkin(main_token);
  ASSERT_EQ(delivered.at("commands").as_array().size(), 1u);
  const json::object& command = delivered.at("commands").at(0).as_object();
  EXPECT_EQ(command.at("type").as_string(), "apply_settings");
  EXPECT_EQ(command.at("payload").at("revision").as_int64(), 1);
  EXPECT_EQ(command.at("payload").at("settings").at("scan_type").as_string(), "quick");

  // Save & transmit: a new revision, and one more command per active device carrying it.
  const Reply saved = world.as(world.a_admin)
                          .request(http::Method::put, path(profile) + "?transmit=true",
                                   R"({"settings": {"scan_type": "removable_media"}})");
  ASSERT_EQ(saved.status, 200) << saved;
  EXPECT_EQ(saved.object().at("transmitted").as_int64(), 2);
  EXPECT_EQ(apply_settings_commands(in_lab), 2);
  const json::object next = checkin(lab_token);
  bool carries_revision_2 = false;
  for (const auto& queued : next.at("commands").as_array()) {
    carries_revision_2 = carries_revision_2 || queued.at("payload").at("revision").as_int64() == 2;
  }
  EXPECT_TRUE(carries_revision_2) << json::serialize(next);

  const Reply body_flag =
      world.as(world.a_admin)
          .put(path(profile), {{"settings", json::object{}}, {"transmit", true}});
  EXPECT_EQ(body_flag.object().at("transmitted").as_int64(), 2) << body_flag;
  EXPECT_EQ(world.as(world.a_admin)
                .request(http::Method::put, path(profile) + "?transmit=yes", R"({"settings": {}})")
                .status,
            400);

  // Devices of an expired license are read-only: transmit skips them.
  world.database().sql("UPDATE licenses SET expires_at = 1000 WHERE id = " +
                       std::to_string(world.a1_license.id));
  const Reply none = world.as(world.a_admin).post(path(profile) + "/transmit");
  EXPECT_EQ(none.object().at("queued").as_int64(), 0) << none;
  EXPECT_EQ(count_rows(world, "action_log", "action = 'profile.transmitted'"), 4);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProfilesApi, kEngines);

}  // namespace
}  // namespace keyward::test
