// Exports of the licenses table and the device lists (issue "Exports"): asked for over the
// API, written in the background, polled, downloaded by their owner only, read back with
// openpyxl (XLSX) and Python's csv module (CSV), and gone after a day; on both engines.

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>

#include "api_test_support.hpp"
#include "fleet.hpp"
#include "portal_world.hpp"
#include "support/read_table.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;

class ExportsApi : public ::testing::TestWithParam<std::string> {
 protected:
  // Expired exports are looked for every second instead of every hour.
  PortalWorld world{GetParam(), {}, {"--export-cleanup-interval-s", "1"}};
  TempDir downloads;

  // Queues an export; fails the test unless the answer is 202 pending.
  std::int64_t start_export(const Account& account, const json::object& body) {
    const Reply reply = world.as(account).post("/api/v1/exports", body);
    EXPECT_EQ(reply.status, 202) << reply;
    if (reply.status != 202) return 0;
    EXPECT_EQ(reply.object().at("status").as_string(), "pending") << reply;
    return reply.object().at("id").as_int64();
  }

  static std::string export_path(std::int64_t id) {
    return "/api/v1/exports/" + std::to_string(id);
  }

  // Polls until the export is done (or failed) and returns its last state.
  Reply finished(const Account& account, std::int64_t id) {
    Reply state;
    eventually([&] {
      state = world.as(account).get(export_path(id));
      if (state.status != 200) return true;
      const auto& status = state.object().at("status").as_string();
      return status == "done" || status == "failed";
    });
    return state;
  }

  // Exports, waits and downloads: the table as the reader saw it.
  json::object exported(const Account& account, const json::object& body) {
    const std::int64_t id = start_export(account, body);
    const Reply state = finished(account, id);
    EXPECT_EQ(state.status, 200) << state;
    EXPECT_EQ(state.object().at("status").as_string(), "done") << state;
    EXPECT_EQ(state.object().at("download_url").as_string(), export_path(id) + "/file");
    const Reply file = world.as(account).get(export_path(id) + "/file");
    EXPECT_EQ(file.status, 200) << file;
    const std::string format(body.at("format").as_string());
    last_disposition = file.header("content-disposition");
    last_content_type = file.header("content-type");
    const auto path = downloads.path() / ("export-" + std::to_string(id) + "." + format);
    std::ofstream(path, std::ios::binary) << file.raw;
    return json::parse(read_table_json(path, format)).as_object();
  }

  void set_preferences(const Account& account, const json::object& preferences) {
    const Reply saved = world.as(account).put("/api/v1/me/preferences", preferences);
    ASSERT_EQ(saved.status, 200) << saved;
  }

  static std::vector<std::string> column(const json::object& table, std::size_t index) {
    std::vector<std::string> values;
    const auto& rows = table.at("rows").as_array();
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& cell = rows[r].at(index);
      values.emplace_back(cell.is_string() ? cell.as_string() : cell.at("v").as_string());
    }
    return values;
  }

  std::string last_disposition;
  std::string last_content_type;
};

TEST_P(ExportsApi, DeviceXlsxFollowsFiltersSortAndVisibleColumnsWithTypedSafeCells) {
  const auto [pc, pc_token] = world.activate_device(world.a1_license, "PC-01");
  // Activation takes the host name into the machine id: the formulas come with check-ins.
  const auto [formula, formula_token] = world.activate_device(world.a1_license, "FORMULA-1");
  const auto [sum, sum_token] = world.activate_device(world.a1_license, "FORMULA-2");
  check_in(world, formula_token, {.hostname = "=1+2"});
  check_in(world, sum_token, {.hostname = "@SUM(A1)"});
  world.activate_device(world.a2_license, "KASSE-1");  // another license: not in the list
  check_in(world, pc_token, {.hostname = "PC-01", .infections = 2});
  ASSERT_EQ(world.as(world.a_admin)
                .patch("/api/v1/devices/" + std::to_string(formula),
                       json::object{{"description", "-cmd|' /C calc'!A0"}})
                .status,
            200);
  set_preferences(world.a_admin,
                  {{"devices", {{"columns", {"hostname", "description", "infections",
                                             "last_contact_at", "customer"}}}}});

  const json::object table =
      exported(world.a_admin, {{"table", "devices"},
                               {"format", "xlsx"},
                               {"license_id", world.a1_license.id},
                               {"sort", "-hostname"}});
  EXPECT_EQ(last_content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_TRUE(last_disposition.starts_with("attachment; filename=\"keyward-devices-"))
      << last_disposition;
  EXPECT_TRUE(last_disposition.ends_with(".xlsx\"")) << last_disposition;
  EXPECT_EQ(table.at("sheet").as_string(), "Devices");
  EXPECT_EQ(table.at("freeze").as_string(), "A2");
  EXPECT_EQ(table.at("autofilter").as_string(), "A1:E4");
  const json::array& rows = table.at("rows").as_array();
  ASSERT_EQ(rows.size(), 4u) << "header and A1's three devices";
  std::vector<std::string> header;
  for (const auto& cell : rows[0].as_array()) header.emplace_back(cell.at("v").as_string());
  EXPECT_EQ(header, (std::vector<std::string>{"Host name", "Description", "Infections",
                                              "Last contact (UTC)", "Customer"}));
  EXPECT_EQ(column(table, 0), (std::vector<std::string>{"PC-01", "@SUM(A1)", "=1+2"}))
      << "host names descending (the key orders '@' after '=')";
  for (std::size_t r = 1; r < rows.size(); ++r) {
    for (const auto& cell : rows[r].as_array()) {
      EXPECT_NE(cell.at("t").as_string(), "formula") << "row " << r << ": " << cell;
    }
    EXPECT_EQ(rows[r].at(0).at("t").as_string(), "text");
    EXPECT_EQ(rows[r].at(2).at("t").as_string(), "number");
    EXPECT_EQ(rows[r].at(3).at("t").as_string(), "date");
    EXPECT_EQ(rows[r].at(4).at("v").as_string(), "Praxis Berg");
  }
  EXPECT_EQ(rows[1].at(2).at("v").to_number<double>(), 2.0) << "PC-01's infections";
  EXPECT_EQ(rows[3].at(1).at("v").as_string(), "-cmd|' /C calc'!A0") << "stored as text";
}

TEST_P(ExportsApi, DeviceCsvFollowsSearchAndStatusFilterAndPrefixesFormulaText) {
  const auto [pc, pc_token] = world.activate_device(world.a1_license, "PC-01");
  const auto [infected, infected_token] = world.activate_device(world.a1_license, "FORMULA-1");
  world.activate_device(world.a1_license, "LAPTOP-03");
  check_in(world, infected_token, {.hostname = "=HYPERLINK(1)", .infections = 1});
  set_preferences(world.a1_admin, {{"devices", {{"columns", {"hostname", "infections"}}}}});

  const json::object infected_only = exported(
      world.a1_admin, {{"table", "devices"}, {"format", "csv"}, {"status", "threatened"}});
  EXPECT_EQ(last_content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(infected_only.at("bom").as_bool());
  EXPECT_EQ(infected_only.at("rows"),
            (json::array{json::array{"Host name", "Infections"},
                         json::array{"'=HYPERLINK(1)", "1"}}));

  const json::object searched =
      exported(world.a1_admin, {{"table", "devices"}, {"format", "csv"}, {"q", "pc-0"}});
  EXPECT_EQ(searched.at("rows"), (json::array{json::array{"Host name", "Infections"},
                                              json::array{"PC-01", "0"}}));
}

// Markup and formula starters in every text a device reports (host name, domain, operating
// system) reach both formats as the literal text: no cell is a formula, CSV guards each
// formula starter with a quote, and markup is not touched (a spreadsheet does not run it).
TEST_P(ExportsApi, DeviceReportedMarkupAndFormulasStayLiteralTextInXlsxAndCsv) {
  struct Hostile {
    std::string hostname, domain, os_name;
  };
  const std::vector<Hostile> hostile = {
      {"<script>window.__xss=1</script>", "=cmd|' /C calc'!A0", "+SUM(1,2)"},
      {"<img src=x onerror=\"window.__xss=1\">", "-2+3", "@SUM(A1)"},
      {"\"><svg onload=alert(1)>", "javascript:alert(1)", "=HYPERLINK(\"http://x\")"},
      {"+1+1", "@x", "-1"},
  };
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    const auto [id, token] =
        world.activate_device(world.a1_license, "HOSTILE-" + std::to_string(i));
    check_in(world, token,
             {.hostname = hostile[i].hostname,
              .domain = hostile[i].domain,
              .os_name = hostile[i].os_name});
  }
  set_preferences(world.a1_admin, {{"devices", {{"columns", {"hostname", "domain", "os"}}}}});
  const json::object request{{"table", "devices"}, {"format", "xlsx"}, {"sort", "hostname"}};

  const json::object xlsx = exported(world.a1_admin, request);
  const json::array& rows = xlsx.at("rows").as_array();
  ASSERT_EQ(rows.size(), hostile.size() + 1) << xlsx;
  std::vector<std::string> cells;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    for (const auto& cell : rows[r].as_array()) {
      EXPECT_EQ(cell.at("t").as_string(), "text") << "row " << r << ": " << cell;
      cells.emplace_back(cell.at("v").as_string());
    }
  }
  for (const Hostile& device : hostile) {
    for (const std::string& text : {device.hostname, device.domain}) {
      EXPECT_NE(std::find(cells.begin(), cells.end(), text), cells.end()) << text;
    }
    const bool os_shown = std::any_of(cells.begin(), cells.end(), [&](const std::string& cell) {
      return cell.starts_with(device.os_name);
    });
    EXPECT_TRUE(os_shown) << device.os_name;
  }

  json::object csv_request = request;
  csv_request["format"] = "csv";
  const json::object csv = exported(world.a1_admin, csv_request);
  const json::array& lines = csv.at("rows").as_array();
  ASSERT_EQ(lines.size(), hostile.size() + 1) << csv;
  std::vector<std::string> fields;
  for (std::size_t r = 1; r < lines.size(); ++r) {
    for (const auto& field : lines[r].as_array()) fields.emplace_back(field.as_string());
  }
  for (const std::string& field : fields) {
    EXPECT_EQ(std::string_view("=+-@\t\r").find(field.front()), std::string_view::npos)
        << "a spreadsheet would run " << field;
  }
  // What the CSV holds for a text: a formula starter gets a leading quote.
  const auto guarded = [](const std::string& text) {
    return std::string_view("=+-@").find(text.front()) == std::string_view::npos ? text
                                                                               : "'" + text;
  };
  for (const Hostile& device : hostile) {
    for (const std::string& text : {device.hostname, device.domain}) {
      const std::string expected = guarded(text);
      EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
    }
  }
}

// The tab and carriage return that start a formula in some spreadsheets never start a text a
// device reports: surrounding white space is trimmed and any other control character refused,
// so "\t=1+2" is stored, and exported, as the guarded "=1+2".
TEST_P(ExportsApi, DeviceReportedTextCannotStartWithATabOrCarriageReturn) {
  const auto [id, token] = world.activate_device(world.a1_license, "CONTROL-1");
  ApiClient device(world.port(), {{"authorization", "Bearer " + token}});
  const auto report = [](const std::string& hostname) {
    return json::object{{"client_version", "3.2.34"},
                        {"hostname", hostname},
                        {"os", {{"name", "Windows 11 Pro"}}},
                        {"infections", 0},
                        {"protection", {{"realtime", true}, {"updates", true}}},
                        {"settings_revision", 0}};
  };
  for (const std::string hostname : {"PC\n=1", "PC\t=1", "\x1b=1"}) {
    const Reply refused = device.post("/agent/v1/checkin", report(hostname));
    EXPECT_EQ(refused.status, 400) << refused;
    EXPECT_EQ(refused.error_code(), "invalid_request") << refused;
  }
  EXPECT_EQ(device_column(world, id, "hostname"), "CONTROL-1") << "nothing half-written";
  for (const std::string hostname : {"\t=1+2", "\r=1+2"}) {
    const Reply trimmed = device.post("/agent/v1/checkin", report(hostname));
    EXPECT_EQ(trimmed.status, 200) << trimmed;
    EXPECT_EQ(device_column(world, id, "hostname"), "=1+2");
  }
  set_preferences(world.a1_admin, {{"devices", {{"columns", {"hostname"}}}}});
  const json::object csv = exported(world.a1_admin, {{"table", "devices"}, {"format", "csv"}});
  EXPECT_EQ(csv.at("rows"), (json::array{json::array{"Host name"}, json::array{"'=1+2"}}));
}

TEST_P(ExportsApi, LicenseExportFollowsStatusSortAndColumnsInTheUsersLanguage) {
  expire(world, world.a2_license.id);
  set_preferences(world.a_admin, {{"language", "de"},
                                  {"licenses", {{"columns", {"name", "activations",
                                                             "expires_at"}}}}});
  world.activate_device(world.a1_license, "PC-01");

  const json::object all = exported(
      world.a_admin, {{"table", "licenses"}, {"format", "xlsx"}, {"sort", "-name"}});
  EXPECT_EQ(all.at("sheet").as_string(), "Lizenzen");
  const json::array& rows = all.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u) << "reseller A's two licenses, not B's";
  std::vector<std::string> header;
  for (const auto& cell : rows[0].as_array()) header.emplace_back(cell.at("v").as_string());
  EXPECT_EQ(header, (std::vector<std::string>{"Lizenz", "Aktivierungen belegt",
                                              "Aktivierungen erlaubt", "Ablauf (UTC)"}));
  EXPECT_EQ(column(all, 0), (std::vector<std::string>{"Sommer Filialen", "Praxis Berg Clients"}));
  EXPECT_EQ(rows[2].at(1).at("v").to_number<double>(), 1.0) << "one activation used";
  EXPECT_EQ(rows[2].at(2).at("v").to_number<double>(), 10.0);
  EXPECT_EQ(rows[2].at(3).at("t").as_string(), "date");

  const json::object active = exported(
      world.a_admin, {{"table", "licenses"}, {"format", "csv"}, {"status", "active"}});
  EXPECT_EQ(active.at("rows").as_array().size(), 2u);
  EXPECT_EQ(active.at("rows").at(1).at(0).as_string(), "Praxis Berg Clients");
  const json::object expired = exported(
      world.a_admin, {{"table", "licenses"}, {"format", "csv"}, {"status", "expired"}});
  EXPECT_EQ(expired.at("rows").as_array().size(), 2u);
  EXPECT_EQ(expired.at("rows").at(1).at(0).as_string(), "Sommer Filialen");
}

TEST_P(ExportsApi, OnlyTheOwnerSeesAnExportAndFetchesItsFile) {
  world.activate_device(world.a1_license, "PC-01");
  const std::int64_t id =
      start_export(world.a1_admin, {{"table", "devices"}, {"format", "csv"}});
  ASSERT_EQ(finished(world.a1_admin, id).object().at("status").as_string(), "done");
  for (const Account* other :
       {&world.a1_viewer, &world.a_admin, &world.op_admin, &world.b_admin, &world.a2_admin}) {
    for (const std::string& path : {export_path(id), export_path(id) + "/file"}) {
      const Reply reply = world.as(*other).get(path);
      EXPECT_EQ(reply.status, 404) << other->email << " " << path << ": " << reply;
      EXPECT_EQ(reply.raw.find("PC-01"), std::string::npos);
    }
  }
  EXPECT_EQ(world.anonymous().get(export_path(id)).status, 401);
  EXPECT_EQ(world.as(world.a1_admin).get(export_path(id) + "/file").status, 200);
}

TEST_P(ExportsApi, ViewersMayExportWhatTheySee) {
  world.activate_device(world.a1_license, "PC-01");
  const json::object table =
      exported(world.a1_viewer, {{"table", "devices"}, {"format", "csv"}});
  EXPECT_EQ(table.at("rows").as_array().size(), 2u);
}

TEST_P(ExportsApi, RefusesInvalidRequestsWithStableCodesAndQueuesNothing) {
  ApiClient admin = world.as(world.a_admin);
  const auto refused = [&](const json::object& body, int status, const std::string& code) {
    const Reply reply = admin.post("/api/v1/exports", body);
    EXPECT_EQ(reply.status, status) << json::serialize(body) << ": " << reply;
    EXPECT_EQ(reply.error_code(), code) << json::serialize(body);
  };
  refused({{"table", "users"}, {"format", "xlsx"}}, 400, "invalid_table");
  refused({{"format", "xlsx"}}, 400, "invalid_table");
  refused({{"table", "devices"}, {"format", "pdf"}}, 400, "invalid_format");
  refused({{"table", "devices"}, {"format", 1}}, 400, "invalid_format");
  refused({{"table", "devices"}, {"format", "csv"}, {"status", "bogus"}}, 400, "invalid_status");
  refused({{"table", "licenses"}, {"format", "csv"}, {"status", "infected"}}, 400,
          "invalid_status");
  refused({{"table", "devices"}, {"format", "csv"}, {"sort", "password"}}, 400, "invalid_sort");
  refused({{"table", "licenses"}, {"format", "csv"}, {"sort", "hostname"}}, 400, "invalid_sort");
  refused({{"table", "licenses"}, {"format", "csv"}, {"license_id", world.a1_license.id}}, 400,
          "invalid_request");
  refused({{"table", "devices"}, {"format", "csv"}, {"license_id", "1"}}, 400, "invalid_request");
  refused({{"table", "devices"}, {"format", "csv"}, {"license_id", 0}}, 400, "invalid_request");
  refused({{"table", "devices"}, {"format", "csv"}, {"q", std::string(201, 'x')}}, 400,
          "invalid_request");
  refused({{"table", "devices"}, {"format", "csv"}, {"columns", "all"}}, 400, "invalid_request");
  refused({{"table", "devices"}, {"format", "csv"}, {"license_id", world.b1_license.id}}, 404,
          "not_found");
  const Reply not_json = admin.request(http::Method::post, "/api/v1/exports", "{");
  EXPECT_EQ(not_json.status, 400) << not_json;
  EXPECT_EQ(count_rows(world, "jobs"), 0) << "a refused export queues nothing";
  EXPECT_EQ(admin.get("/api/v1/exports/abc").status, 404);
  EXPECT_EQ(admin.get("/api/v1/exports/999999").status, 404);
}

TEST_P(ExportsApi, AnExportExpiresAfterADayWithItsFile) {
  world.activate_device(world.a1_license, "PC-01");
  const std::int64_t id =
      start_export(world.a1_admin, {{"table", "devices"}, {"format", "xlsx"}});
  const Reply done = finished(world.a1_admin, id);
  ASSERT_EQ(done.object().at("status").as_string(), "done") << done;
  const auto exports_dir = world.data_dir() / "exports";
  const auto files_in_dir = [&] {
    return std::distance(std::filesystem::directory_iterator(exports_dir),
                         std::filesystem::directory_iterator());
  };
  ASSERT_EQ(files_in_dir(), 1);
  // Written a day and a minute ago.
  world.database().sql("UPDATE jobs SET finished_at = finished_at - 86460 WHERE id = " +
                       std::to_string(id));
  EXPECT_EQ(world.as(world.a1_admin).get(export_path(id)).status, 404);
  EXPECT_EQ(world.as(world.a1_admin).get(export_path(id) + "/file").status, 404);
  EXPECT_TRUE(eventually([&] { return files_in_dir() == 0; })) << "the file is removed";
  EXPECT_TRUE(eventually([&] { return count_rows(world, "jobs") == 0; })) << "and the job";
}

// Exports live in the database, not in one server: one queued by another server (or before a
// restart) is found by the worker's next look, and one whose server died while writing it is
// taken over once its claim is older than the lease.
TEST_P(ExportsApi, ExportsQueuedElsewhereOrAbandonedByADeadServerAreWritten) {
  world.activate_device(world.a1_license, "PC-01");
  const std::int64_t original =
      start_export(world.a1_admin, {{"table", "devices"}, {"format", "csv"}});
  ASSERT_EQ(finished(world.a1_admin, original).object().at("status").as_string(), "done");
  const auto copy_of_original = [&](const std::string& status, const std::string& claim) {
    world.database().sql(
        "INSERT INTO jobs (kind, payload, status, owner_user_id, company_id, attempts, claimed_by, "
        "claimed_at, run_at, created_at) SELECT kind, payload, '" + status +
        "', owner_user_id, company_id, " + claim + ", run_at, created_at FROM jobs WHERE id = " +
        std::to_string(original));
    return world.database().sql_int("SELECT MAX(id) FROM jobs");
  };
  const std::int64_t queued = copy_of_original("queued", "0, NULL, NULL");
  const std::int64_t abandoned = copy_of_original(
      "running", "1, 'dead-server:1:2', " + std::to_string(std::time(nullptr) - 3600));
  for (const std::int64_t id : {queued, abandoned}) {
    const Reply state = finished(world.a1_admin, id);
    EXPECT_EQ(state.object().at("status").as_string(), "done") << state;
    EXPECT_EQ(state.object().at("rows").as_int64(), 1) << state;
    EXPECT_EQ(world.as(world.a1_admin).get(export_path(id) + "/file").status, 200);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ExportsApi, kEngines);

}  // namespace
}  // namespace keyward::test
