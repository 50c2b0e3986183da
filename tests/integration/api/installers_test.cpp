// Installer downloads (SPEC.md §4, issue 5) over the portal API, checked with other tools
// than the server's own: msiinfo shows the preconfigured properties and a new package code,
// msiextract finds the original payload byte for byte, unzip tests the archive, and the
// config file matches what devices of the group receive. Also: the operator's published
// versions, the refused downloads, and installer links.

#include <gtest/gtest.h>

#include "api_test_support.hpp"
#include "installer_tools.hpp"
#include "portal_world.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class InstallersApi : public ::testing::TestWithParam<std::string> {
 protected:
  PortalWorld world{GetParam()};
  TempDir scratch;

  static std::string download_path(const WorldLicense& license, const std::string& arch,
                                   const std::string& type, const std::string& extra = "") {
    return "/api/v1/licenses/" + std::to_string(license.id) + "/installer?arch=" + arch +
           "&type=" + type + extra;
  }
  static std::string links_path(const WorldLicense& license) {
    return "/api/v1/licenses/" + std::to_string(license.id) + "/installer-links";
  }

  // Saves a successful download's body under `name`.
  std::filesystem::path saved(const Reply& reply, const std::string& name) {
    EXPECT_EQ(reply.status, 200) << reply;
    write_file(scratch / name, reply.raw);
    return scratch / name;
  }

  std::int64_t log_entries(const std::string& action) {
    return count_rows(world, "action_log", "action = '" + action + "'");
  }

  std::string current_package_code(const std::string& arch) {
    return world.database().sql(
        "SELECT package_code FROM installers WHERE arch = '" + arch +
        "' AND version = (SELECT MAX(version) FROM installers WHERE arch = '" + arch + "')");
  }
};

TEST_P(InstallersApi, EveryDownloadTypeIsRightWhenCheckedWithOtherTools) {
  // A viewer may download: it changes nothing (and is logged).
  ApiClient viewer = world.as(world.a1_viewer);
  const auto original =
      saved(viewer.get(download_path(world.a1_license, "x64", "msi-original")), "original.msi");
  EXPECT_EQ(read_file(original), read_file(sample_msi("x64")));

  const Reply msi_reply = viewer.get(download_path(world.a1_license, "x64", "msi"));
  EXPECT_EQ(msi_reply.header("content-type"), "application/x-msi");
  EXPECT_EQ(msi_reply.header("content-disposition"),
            "attachment; filename=\"keyward-client-x64-license-" +
                std::to_string(world.a1_license.id) + "-praxis-berg.msi\"");
  EXPECT_EQ(msi_reply.header("cache-control"), "no-store");
  const auto preconfigured = saved(msi_reply, "preconfigured.msi");

  const auto properties = msi_properties(preconfigured);
  EXPECT_EQ(properties.at("LICENSE_KEY"), world.a1_license.key);
  EXPECT_EQ(properties.at("GROUP_ID"), std::to_string(world.a1_license.main_group_id));
  EXPECT_EQ(properties.at("GROUP_NAME"), "Praxis Berg");
  EXPECT_EQ(properties.at("SERVER_URL"), "http://127.0.0.1:" + std::to_string(world.port()));
  EXPECT_EQ(properties.at("ACCEPT_EULA"), "1");
  EXPECT_EQ(properties.at("CONFIG_VERSION"), "1");
  EXPECT_EQ(properties.at("ProductName"), "Keyward Sample Client");  // the rest untouched
  const json::object property_config = json::parse(properties.at("CONFIG")).as_object();
  EXPECT_EQ(property_config.at("license_key").as_string(), world.a1_license.key);

  const auto summary = msi_summary(preconfigured);
  const auto original_summary = msi_summary(original);
  EXPECT_EQ(summary.at("Template"), "x64;1033");
  EXPECT_NE(summary.at("Revision number (UUID)"), original_summary.at("Revision number (UUID)"));
  EXPECT_EQ(msi_payload(preconfigured, scratch / "payload-pre"),
            msi_payload(original, scratch / "payload-original"));
  EXPECT_FALSE(msi_payload(original, scratch / "payload-original").empty());
  // Every preconfigured package is a package of its own.
  const auto again = saved(viewer.get(download_path(world.a1_license, "x64", "msi")), "again.msi");
  EXPECT_NE(msi_summary(again).at("Revision number (UUID)"), summary.at("Revision number (UUID)"));

  const Reply config_reply = viewer.get(download_path(world.a1_license, "x64", "config"));
  ASSERT_EQ(config_reply.status, 200) << config_reply;
  EXPECT_EQ(config_reply.header("content-type"), "application/json");
  const json::object config = config_reply.object();
  EXPECT_EQ(config.at("config_version").as_int64(), 1);
  EXPECT_EQ(config.at("license_key").as_string(), world.a1_license.key);
  EXPECT_EQ(config.at("server_url").as_string(), properties.at("SERVER_URL"));
  EXPECT_EQ(config.at("group").at("id").as_int64(), world.a1_license.main_group_id);
  EXPECT_EQ(config.at("group").at("name").as_string(), "Praxis Berg");
  EXPECT_TRUE(config.at("accept_eula").as_bool());
  EXPECT_FALSE(config.contains("profile"));  // the group has none
  EXPECT_EQ(config, property_config);

  const auto zip = saved(viewer.get(download_path(world.a1_license, "x86", "zip")), "client.zip");
  const RunResult tested = run_tool({"unzip", "-t", zip.string()});
  EXPECT_NE(tested.out.find("No errors detected"), std::string::npos) << tested.out;
  const RunResult listing = run_tool({"unzip", "-v", zip.string()});
  EXPECT_NE(listing.out.find("Stored"), std::string::npos) << listing.out;
  EXPECT_EQ(listing.out.find("Defl"), std::string::npos) << listing.out;
  EXPECT_EQ(run_tool({"unzip", "-p", zip.string(), "keyward-client-x86.msi"}).out,
            read_file(sample_msi("x86")));
  EXPECT_EQ(json::parse(run_tool({"unzip", "-p", zip.string(), "keyward-config.json"}).out),
            json::value(config));

  EXPECT_EQ(log_entries("installer.downloaded"), 5);
  EXPECT_EQ(world.database().sql("SELECT actor FROM action_log WHERE action = "
                                 "'installer.downloaded' ORDER BY id LIMIT 1"),
            "empfang");
}

TEST_P(InstallersApi, TheConfigCarriesTheGroupProfileAsDevicesReceiveIt) {
  ApiClient admin = world.as(world.a1_admin);
  const Reply profile =
      admin.post("/api/v1/profiles", {{"name", "Praxis"},
                                      {"settings",
                                       {{"settings_password", "Praxis-Geheim-1"},
                                        {"exclusions", {{"paths", json::array{"d:/Daten"}}}}}}});
  ASSERT_EQ(profile.status, 201) << profile;
  const std::int64_t profile_id = profile.object().at("id").as_int64();
  const std::string main_group = std::to_string(world.a1_license.main_group_id);
  ASSERT_EQ(
      admin.put("/api/v1/groups/" + main_group + "/profile", {{"profile_id", profile_id}}).status,
      200);
  ASSERT_EQ(admin
                .put("/api/v1/profiles/" + std::to_string(profile_id),
                     {{"settings", {{"scan_type", "complete"}}}})
                .status,
            200);
  const Reply subgroup = admin.post(
      "/api/v1/groups", {{"parent_id", world.a1_license.main_group_id}, {"name", "Empfang Süd"}});
  ASSERT_EQ(subgroup.status, 201) << subgroup;
  const std::int64_t subgroup_id = subgroup.object().at("id").as_int64();

  const auto [device, token] = world.activate_device(world.a1_license, "PC-1");
  http::Client client("127.0.0.1", world.port());
  const http::Response settings =
      client.get("/agent/v1/settings", {{"authorization", "Bearer " + token}});
  ASSERT_EQ(settings.status, 200) << settings.body;
  const json::object device_view = json::parse(settings.body).as_object();

  const Reply with_profile = admin.get(download_path(world.a1_license, "x64", "config"));
  ASSERT_EQ(with_profile.status, 200) << with_profile;
  const json::object& config = with_profile.object();
  EXPECT_EQ(config.at("profile").at("revision").as_int64(), 2);
  EXPECT_EQ(config.at("profile").at("revision"), device_view.at("revision"));
  EXPECT_EQ(config.at("profile").at("settings"), device_view.at("settings"));
  EXPECT_EQ(with_profile.raw.find("Praxis-Geheim-1"), std::string::npos);

  // Profiles are not inherited: the subgroup's config has none. Its name leaves ASCII.
  const Reply without = admin.get(
      download_path(world.a1_license, "x64", "config", "&group=" + std::to_string(subgroup_id)));
  ASSERT_EQ(without.status, 200) << without;
  EXPECT_FALSE(without.object().contains("profile"));
  EXPECT_EQ(without.object().at("group").at("id").as_int64(), subgroup_id);
  EXPECT_EQ(without.object().at("group").at("name").as_string(), "Empfang Süd");
  EXPECT_EQ(without.raw.find("Süd"), std::string::npos) << "config JSON is ASCII: " << without.raw;
  EXPECT_NE(without.header("content-disposition").find("-empfang-sd.json"), std::string::npos)
      << without.header("content-disposition");

  const auto msi = saved(admin.get(download_path(world.a1_license, "x86", "msi",
                                                 "&group=" + std::to_string(subgroup_id))),
                         "sub.msi");
  const auto properties = msi_properties(msi);
  EXPECT_EQ(properties.at("GROUP_ID"), std::to_string(subgroup_id));
  EXPECT_EQ(json::parse(properties.at("CONFIG")), json::value(without.object()));
  EXPECT_EQ(msi_summary(msi).at("Template"), "Intel;1033");
}

TEST_P(InstallersApi, RefusedDownloadsNameTheProblemAndAreNotLogged) {
  ApiClient admin = world.as(world.a_admin);
  const auto expect_error = [&](const Reply& reply, int status, const std::string& code,
                                const std::string& message_part) {
    EXPECT_EQ(reply.status, status) << reply;
    EXPECT_EQ(reply.error_code(), code) << reply;
    EXPECT_NE(reply.raw.find(message_part), std::string::npos) << reply;
  };
  expect_error(admin.get(download_path(world.a1_license, "arm64", "zip")), 400, "invalid_request",
               "arch: must be x64 or x86");
  expect_error(
      admin.get("/api/v1/licenses/" + std::to_string(world.a1_license.id) + "/installer?type=zip"),
      400, "invalid_request", "arch: is required");
  expect_error(admin.get(download_path(world.a1_license, "x64", "exe")), 400, "invalid_request",
               "type: must be zip, config, msi or msi-original");
  expect_error(admin.get(download_path(world.a1_license, "x64", "zip", "&group=main")), 400,
               "invalid_request", "group: must be a group id");
  // A group of another license of the same reseller, and one the caller can not see at all.
  expect_error(admin.get(download_path(world.a1_license, "x64", "zip",
                                       "&group=" + std::to_string(world.a2_license.main_group_id))),
               409, "group_not_in_license", "belongs to another license");
  expect_error(admin.get(download_path(world.a1_license, "x64", "zip",
                                       "&group=" + std::to_string(world.b1_license.main_group_id))),
               404, "not_found", "group not found");
  // Another reseller, and a sibling customer: the license does not exist for them.
  for (const Account* stranger : {&world.b_admin, &world.a2_admin}) {
    expect_error(world.as(*stranger).get(download_path(world.a1_license, "x64", "msi")), 404,
                 "not_found", "license not found");
  }
  EXPECT_EQ(world.anonymous().get(download_path(world.a1_license, "x64", "msi")).status, 401);

  world.database().sql("UPDATE licenses SET expires_at = 1000 WHERE id = " +
                       std::to_string(world.a1_license.id));
  expect_error(admin.get(download_path(world.a1_license, "x64", "config")), 409, "license_expired",
               "");
  EXPECT_EQ(log_entries("installer.downloaded"), 0);
}

TEST_P(InstallersApi, TheOperatorPublishesVersionsAndDownloadsUseTheNewest) {
  ApiClient operator_admin = world.as(world.op_admin);
  const std::string x64 = read_file(sample_msi("x64"));
  const std::string x86 = read_file(sample_msi("x86"));

  // Everybody else is refused before anything is stored.
  for (const Account* account : {&world.a_admin, &world.a1_admin, &world.b_admin}) {
    ApiClient client = world.as(*account);
    EXPECT_EQ(
        client.request(http::Method::post, "/api/v1/operator/installers?arch=x64", x64).status,
        403);
    EXPECT_EQ(client.get("/api/v1/operator/installers").status, 403);
  }
  const Reply wrong =
      operator_admin.request(http::Method::post, "/api/v1/operator/installers?arch=x64", x86);
  EXPECT_EQ(wrong.status, 400) << wrong;
  EXPECT_EQ(wrong.error_code(), "wrong_architecture");
  // Larger than the server's usual 1 MiB body limit: this route takes it, and says why not.
  const std::string not_msi(3 * 1024 * 1024, 'x');
  const Reply junk =
      operator_admin.request(http::Method::post, "/api/v1/operator/installers?arch=x64", not_msi);
  EXPECT_EQ(junk.status, 400) << junk;
  EXPECT_NE(junk.raw.find("body: is not a Windows Installer package"), std::string::npos);
  EXPECT_EQ(operator_admin.request(http::Method::post, "/api/v1/profiles", not_msi).status, 413);
  EXPECT_EQ(operator_admin.request(http::Method::post, "/api/v1/operator/installers?arch=arm", x64)
                .error_code(),
            "invalid_request");
  EXPECT_EQ(count_rows(world, "installers"), 2);  // the two samples of the first start

  const Reply published = operator_admin.request(
      http::Method::post, "/api/v1/operator/installers?arch=x64&file_name=client-2.msi", x64);
  ASSERT_EQ(published.status, 201) << published;
  EXPECT_EQ(published.object().at("version").as_int64(), 2);
  EXPECT_EQ(published.object().at("file_name").as_string(), "client-2.msi");
  // The command line publishes into the same data directory.
  const RunResult cli =
      run_keyward({"installer", "publish", "--db", world.url(), "--data-dir",
                   world.data_dir().string(), "--arch", "x86", sample_msi("x86").string()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
  EXPECT_NE(cli.out.find("published x86 version 2"), std::string::npos) << cli.out;
  const RunResult refused =
      run_keyward({"installer", "publish", "--db", world.url(), "--data-dir",
                   world.data_dir().string(), "--arch", "x64", sample_msi("x86").string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("not for x64"), std::string::npos) << refused.err;

  const Reply listed = operator_admin.get("/api/v1/operator/installers");
  ASSERT_EQ(listed.status, 200) << listed;
  std::vector<std::string> versions;
  for (const auto& item : listed.object().at("items").as_array()) {
    versions.push_back(std::string(item.at("arch").as_string()) + "/" +
                       std::to_string(item.at("version").as_int64()));
  }
  EXPECT_EQ(versions, (std::vector<std::string>{"x64/2", "x64/1", "x86/2", "x86/1"}));
  // Every version stays on disk.
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(world.data_dir() / "installers")) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 4u);
  EXPECT_EQ(log_entries("installer.published"), 4);

  const auto downloaded =
      saved(world.as(world.a1_admin).get(download_path(world.a1_license, "x64", "msi")), "new.msi");
  EXPECT_EQ(msi_summary(downloaded).at("Template"), "x64;1033");
  EXPECT_NE(msi_summary(downloaded).at("Revision number (UUID)"), current_package_code("x64"));
}

TEST_P(InstallersApi, InstallerLinksDownloadWithoutLoginUntilRevokedOrExpired) {
  ApiClient technician = world.as(world.a_technician);
  const json::object request{{"arch", "x64"}, {"type", "msi"}, {"expires_in_days", 7}};
  EXPECT_EQ(world.as(world.a_viewer).post(links_path(world.a1_license), request).status, 403);
  EXPECT_EQ(world.as(world.a1_viewer).post(links_path(world.a1_license), request).status, 403);
  for (const Account* stranger : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*stranger).post(links_path(world.a1_license), request).status, 404);
  }
  for (const std::int64_t days : {0, 91}) {
    const Reply bad =
        technician.post(links_path(world.a1_license),
                        {{"arch", "x64"}, {"type", "msi"}, {"expires_in_days", days}});
    EXPECT_EQ(bad.status, 400) << bad;
    EXPECT_NE(bad.raw.find("expires_in_days"), std::string::npos) << bad;
  }
  const Reply bad_type = technician.post(
      links_path(world.a1_license), {{"arch", "x64"}, {"type", "exe"}, {"expires_in_days", 1}});
  EXPECT_NE(bad_type.raw.find("type: must be"), std::string::npos) << bad_type;
  EXPECT_EQ(count_rows(world, "installer_links"), 0);

  const Reply created = technician.post(links_path(world.a1_license), request);
  ASSERT_EQ(created.status, 201) << created;
  const std::string url(created.object().at("url").as_string());
  const std::string prefix = "http://127.0.0.1:" + std::to_string(world.port());
  ASSERT_TRUE(url.starts_with(prefix + "/installer-links/kwl_")) << url;
  const std::string link_path = url.substr(prefix.size());
  const std::string token = link_path.substr(std::string("/installer-links/").size());
  EXPECT_EQ(count_rows(world, "installer_links", "token_hash LIKE '%" + token + "%'"), 0);

  const Reply downloaded = world.anonymous().get(link_path);
  const auto msi = saved(downloaded, "link.msi");
  EXPECT_EQ(msi_properties(msi).at("LICENSE_KEY"), world.a1_license.key);
  EXPECT_EQ(world.anonymous().get(link_path).status, 200);
  EXPECT_EQ(world.database().sql("SELECT actor FROM action_log WHERE action = "
                                 "'installer.downloaded' ORDER BY id LIMIT 1"),
            "installer link #" + std::to_string(created.object().at("id").as_int64()));

  const Reply listed = world.as(world.a1_viewer).get(links_path(world.a1_license));
  ASSERT_EQ(listed.status, 200) << listed;
  const auto& link = listed.object().at("items").at(0).as_object();
  EXPECT_EQ(link.at("downloads").as_int64(), 2);
  EXPECT_EQ(link.at("status").as_string(), "active");
  EXPECT_FALSE(link.contains("url"));
  EXPECT_EQ(world.as(world.b_admin).get(links_path(world.a1_license)).status, 404);

  const std::string revoke =
      links_path(world.a1_license) + "/" + std::to_string(link.at("id").as_int64());
  for (const Account* stranger : {&world.b_admin, &world.a2_admin}) {
    EXPECT_EQ(world.as(*stranger).del(revoke).status, 404);
  }
  EXPECT_EQ(world.as(world.a1_viewer).del(revoke).status, 403);
  EXPECT_EQ(world.anonymous().get(link_path).status, 200);
  EXPECT_EQ(world.as(world.a1_admin).del(revoke).status, 204);
  const Reply revoked = world.anonymous().get(link_path);
  EXPECT_EQ(revoked.status, 404);
  const Reply unknown = world.anonymous().get("/installer-links/kwl_unknown");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(revoked.raw, unknown.raw);  // nothing tells a revoked link from a made-up one

  // An expired link looks the same.
  const Reply second = technician.post(links_path(world.a1_license),
                                       {{"arch", "x86"}, {"type", "zip"}, {"expires_in_days", 1}});
  ASSERT_EQ(second.status, 201) << second;
  const std::string second_path =
      std::string(second.object().at("url").as_string()).substr(prefix.size());
  EXPECT_EQ(world.anonymous().get(second_path).status, 200);
  world.database().sql("UPDATE installer_links SET expires_at = 1000 WHERE id = " +
                       std::to_string(second.object().at("id").as_int64()));
  EXPECT_EQ(world.anonymous().get(second_path).raw, unknown.raw);

  EXPECT_EQ(log_entries("installer_link.created"), 2);
  EXPECT_EQ(log_entries("installer_link.revoked"), 1);
  EXPECT_EQ(log_entries("installer.downloaded"), 4);
}

INSTANTIATE_TEST_SUITE_P(Engines, InstallersApi, kEngines);

}  // namespace
}  // namespace keyward::test
