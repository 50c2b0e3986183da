// The administration commands of `keyward`, run as a user would run them.

#include <gtest/gtest.h>

#include <regex>

#include "keyward_binary.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

class Cli : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = TestDatabase(GetParam(), dir_).url();
  }

  std::int64_t create_reseller(const std::string& name) {
    return run_keyward_json({"company", "create", "--db", db_, "--name", name, "--kind",
                             "reseller"})
        .at("id")
        .as_int64();
  }

  std::int64_t create_customer(const std::string& name, const std::string& parent) {
    return run_keyward_json({"company", "create", "--db", db_, "--name", name, "--kind",
                             "customer", "--parent", parent})
        .at("id")
        .as_int64();
  }

  TempDir dir_;
  std::string db_;
};

TEST_P(Cli, MigrateAppliesOnceThenNothing) {
  const auto first = run_keyward_json({"migrate", "--db", db_});
  EXPECT_GE(first.at("applied").as_int64(), 1);
  const auto second = run_keyward_json({"migrate", "--db", db_});
  EXPECT_EQ(second.at("applied").as_int64(), 0);
  EXPECT_EQ(second.at("version"), first.at("version"));
}

TEST_P(Cli, CreatesCompaniesUsersTokensAndLicenses) {
  const auto reseller = create_reseller("Northwind IT");
  const auto customer = create_customer("Lüneburg Dental", "Northwind IT");
  EXPECT_NE(reseller, customer);

  const auto user = run_keyward_json({"user", "create", "--db", db_, "--company", "Northwind IT",
                                      "--email", "Admin@Northwind.example", "--role", "admin"},
                                     "correct horse battery\n");
  EXPECT_GT(user.at("id").as_int64(), 0);

  const auto token = run_keyward_json(
      {"token", "create", "--db", db_, "--email", "admin@northwind.example", "--name", "ci"});
  EXPECT_TRUE(std::regex_match(std::string(token.at("token").as_string()),
                               std::regex("kw_[A-Za-z0-9_-]{43}")));

  const auto license =
      run_keyward_json({"license", "issue", "--db", db_, "--customer", "Lüneburg Dental",
                        "--seats", "50", "--years", "3", "--name", "Praxis"});
  EXPECT_GT(license.at("id").as_int64(), 0);
  EXPECT_TRUE(std::regex_match(
      std::string(license.at("key").as_string()),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
  EXPECT_GT(license.at("group_id").as_int64(), 0);
}

TEST_P(Cli, CompaniesCanBeNamedByIdAndMspLicensesHaveNoSeatLimit) {
  const auto reseller = create_reseller("Contoso Partner");
  const auto customer = create_customer("Fabrikam", std::to_string(reseller));
  const auto license = run_keyward_json({"license", "issue", "--db", db_, "--customer",
                                         std::to_string(customer), "--seats", "1", "--years",
                                         "1", "--type", "msp"});
  EXPECT_TRUE(license.at("seats").is_null());
}

TEST_P(Cli, RejectsBadInputWithOneLineAndExitCodeOne) {
  create_reseller("Northwind IT");
  create_customer("Acme", "Northwind IT");
  struct Case {
    std::vector<std::string> args;
    std::string stdin_text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"license", "issue", "--db", db_, "--customer", "Acme", "--seats", "5", "--years", "4"},
       "",
       "years: must be 1, 2, 3 or 5"},
      {{"license", "issue", "--db", db_, "--customer", "Nobody", "--seats", "5", "--years", "1"},
       "",
       "customer not found"},
      {{"license", "issue", "--db", db_, "--customer", "Northwind IT", "--seats", "5", "--years",
        "1"},
       "",
       "is not a customer"},
      {{"company", "create", "--db", db_, "--name", "Acme", "--kind", "customer", "--parent",
        "Northwind IT"},
       "",
       "already exists"},
      {{"company", "create", "--db", db_, "--name", "Orphan", "--kind", "customer"},
       "",
       "--parent"},
      {{"user", "create", "--db", db_, "--company", "Acme", "--email", "not-an-address", "--role",
        "viewer"},
       "long enough password",
       "email: is not an e-mail address"},
      {{"user", "create", "--db", db_, "--company", "Acme", "--email", "a@b.example", "--role",
        "viewer"},
       "short",
       "password: must have at least 10 characters"},
      {{"token", "create", "--db", db_, "--email", "ghost@b.example"}, "", "user not found"},
  };
  for (const Case& c : cases) {
    const RunResult result = run_keyward(c.args, c.stdin_text);
    EXPECT_EQ(result.exit_code, 1) << c.message << "\n" << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST_P(Cli, DuplicateEmailIsRefused) {
  create_reseller("Northwind IT");
  const std::vector<std::string> args = {"user", "create", "--db", db_, "--company",
                                         "Northwind IT", "--email", "a@b.example", "--role",
                                         "technician"};
  EXPECT_EQ(run_keyward(args, "long enough password").exit_code, 0);
  const RunResult again = run_keyward(args, "long enough password");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already"), std::string::npos) << again.err;
}

INSTANTIATE_TEST_SUITE_P(Engines, Cli, ::testing::Values("sqlite", "postgres"));

TEST_P(Cli, PolicySetIsLoggedAndReevaluatesDevices) {
  TestDatabase database(GetParam(), dir_);
  database.create_reseller_and_customer();
  database.issue_license(5);
  const auto result = run_keyward_json(
      {"policy", "set", "--db", database.url(), "current_client_version", "3.4.0"});
  EXPECT_EQ(result.at("key").as_string(), "current_client_version");
  EXPECT_EQ(result.at("devices_evaluated").as_int64(), 0);
  EXPECT_EQ(database.sql("SELECT value FROM app_settings WHERE key = 'current_client_version'"),
            "3.4.0");
  EXPECT_EQ(database.sql("SELECT actor FROM action_log WHERE action = 'policy.changed'"),
            "command line");
  EXPECT_EQ(run_keyward({"policy", "set", "--db", database.url(), "current_client_version", "x"})
                .exit_code,
            1);
  EXPECT_EQ(database.sql_int("SELECT COUNT(*) FROM action_log WHERE action = 'policy.changed'"), 1);
}

TEST(CliUsage, EverySubCommandHasHelp) {
  const std::vector<std::vector<std::string>> commands = {
      {"serve"},          {"migrate"},         {"company", "create"}, {"user", "create"},
      {"token", "create"}, {"license", "issue"}, {"demo"}};
  for (auto args : commands) {
    args.push_back("--help");
    const RunResult result = run_keyward(args);
    EXPECT_EQ(result.exit_code, 0) << args[0];
    EXPECT_NE(result.out.find("--db"), std::string::npos) << args[0] << result.out;
  }
}

TEST(CliUsage, UnreadableDatabaseUrlIsOneLineAndExitOne) {
  for (const std::string url : {"mysql://localhost/x", "sqlite:", "nonsense"}) {
    const RunResult result = run_keyward({"migrate", "--db", url});
    EXPECT_EQ(result.exit_code, 1) << url;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST(CliUsage, UnreachablePostgresIsOneLineAndExitOne) {
  const RunResult result =
      run_keyward({"migrate", "--db", "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(CliUsage, RefusesADatabaseNewerThanTheBinary) {
  TempDir dir;
  const std::string path = (dir / "future.db").string();
  run_keyward_json({"migrate", "--db", "sqlite:" + path});
  const RunResult bump = run(
      {{"sqlite3", path, "INSERT INTO schema_migrations(version, name, applied_at) "
                         "VALUES (9999, 'from the future', 0)"}});
  ASSERT_EQ(bump.exit_code, 0) << bump.err;
  const RunResult result = run_keyward({"migrate", "--db", "sqlite:" + path});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("9999"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace keyward::test
