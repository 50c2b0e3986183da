// Opening databases, migrations, and the rules the schema itself enforces on both engines.

#include "store/database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/user_store.hpp"
#include "store_fixture.hpp"
#include "support/free_port.hpp"

namespace keyward::store::testing {
namespace {

core::Error open_error(const std::string& url) {
  try {
    Database::open(url);
  } catch (const core::Error& error) {
    return error;
  }
  ADD_FAILURE() << "opening " << url << " succeeded";
  return core::Error(core::ErrorKind::internal, "none", "none");
}

TEST(DatabaseOpen, RejectsUrlsOfUnknownShape) {
  for (const std::string url : {"", "mysql://localhost/keyward", "sqlite", "sqlite:",
                                "sqlite::memory:", "postgresql://localhost/db?no_such_option=1"}) {
    const core::Error error = open_error(url);
    EXPECT_EQ(error.kind(), core::ErrorKind::invalid_request) << url;
    EXPECT_EQ(error.code(), "invalid_database_url") << url;
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << url;
  }
}

TEST(DatabaseOpen, SqliteInMissingDirectoryIsUnavailableAndNamesTheDirectory) {
  test::TempDir dir;
  const std::string missing = (dir / "no-such-dir").string();
  const core::Error error = open_error("sqlite:" + missing + "/keyward.db");
  EXPECT_EQ(error.kind(), core::ErrorKind::unavailable);
  EXPECT_EQ(error.code(), "database_unavailable");
  EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(DatabaseOpen, UnreachablePostgresIsUnavailableWithOneLineMessage) {
  const std::string url =
      "postgresql://postgres@127.0.0.1:" + std::to_string(test::free_port()) + "/postgres";
  const core::Error error = open_error(url);
  EXPECT_EQ(error.kind(), core::ErrorKind::unavailable);
  EXPECT_EQ(error.code(), "database_unavailable");
  EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("127.0.0.1"), std::string::npos) << error.what();
}

// The write-ahead log is copied back by the checkpointer's thread, not by the commits: a steady
// stream of small write transactions (as the check-in writer makes) keeps it bounded, and
// every row is in the database.
TEST(SqliteCheckpoints, ALongStreamOfCommitsKeepsTheLogBounded) {
  test::TempDir dir;
  const std::filesystem::path file = dir / "keyward.db";
  auto database = Database::open("sqlite:" + file.string());
  auto connection = database->acquire();
  connection->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  constexpr int kCommits = 20000;
  std::uintmax_t largest_log = 0;
  for (int i = 0; i < kCommits; ++i) {
    // Each commit appends at least one 4 KiB page: 80 MB of log if nothing were copied back.
    Transaction transaction(*connection);
    connection->execute("INSERT INTO t (body) VALUES ($1)", {std::string(200, 'x')});
    transaction.commit();
    if (i % 100 == 0) {
      largest_log = std::max(largest_log, std::filesystem::file_size(file.string() + "-wal"));
    }
  }
  // Copies start at 4 MB; the margin is for a checkpointer thread that waits for a busy CPU.
  EXPECT_LT(largest_log, 32u * 1024 * 1024) << largest_log << " bytes";
  EXPECT_EQ(connection->query_one("SELECT COUNT(*) FROM t")->int64(0), kCommits);
  EXPECT_EQ(connection->query_one("PRAGMA integrity_check")->text(0), "ok");
}

TEST(SqlitePlaceholders, RewritesParametersButNotLiterals) {
  EXPECT_EQ(rewrite_placeholders("SELECT $1, '$2', \"$3\", $12 WHERE a = $2"),
            "SELECT ?1, '$2', \"$3\", ?12 WHERE a = ?2");
}

class DatabaseTest : public StoreTest {};

TEST_P(DatabaseTest, PingAnswers) { EXPECT_TRUE(database_->ping()); }

TEST_P(DatabaseTest, MigrateIsIdempotent) {
  EXPECT_TRUE(migrate(*database_).empty());
  auto connection = database_->acquire();
  EXPECT_EQ(schema_version(*connection), latest_schema_version());
  std::vector<std::int64_t> recorded;
  for (const Row& row :
       connection->query("SELECT version FROM schema_migrations ORDER BY version")) {
    recorded.push_back(row.int64(0));
  }
  EXPECT_EQ(recorded, schema_versions());
}

TEST_P(DatabaseTest, FirstMigrationReportsWhatItApplied) {
  auto fresh = Database::open(fresh_database_url(GetParam(), dir_));
  const auto applied = migrate(*fresh);
  ASSERT_EQ(applied.size(), schema_versions().size());
  EXPECT_EQ(applied.front().version, 1);
  auto connection = fresh->acquire();
  const auto operators = connection->query("SELECT name FROM companies WHERE kind = 'operator'");
  ASSERT_EQ(operators.size(), 1u);
  EXPECT_EQ(operators[0].text(0), "Operator");
}

TEST_P(DatabaseTest, RefusesDatabaseFromNewerBinary) {
  const std::int64_t newer = latest_schema_version() + 1;
  database_->acquire()->execute(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)",
      {newer});
  try {
    migrate(*database_);
    FAIL() << "migrate accepted a newer database";
  } catch (const core::Error& error) {
    EXPECT_EQ(error.kind(), core::ErrorKind::conflict);
    EXPECT_EQ(error.code(), "database_too_new");
    const std::string message = error.what();
    EXPECT_NE(message.find(std::to_string(newer)), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(latest_schema_version())), std::string::npos) << message;
  }
}

TEST_P(DatabaseTest, ConcurrentMigrationsApplyEachVersionOnce) {
  const std::string url = fresh_database_url(GetParam(), dir_);
  std::vector<std::size_t> applied(4);
  std::vector<std::string> errors(4);
  std::vector<std::thread> servers;
  for (std::size_t i = 0; i < applied.size(); ++i) {
    servers.emplace_back([&, i] {
      try {
        auto database = Database::open(url);
        applied[i] = migrate(*database).size();
      } catch (const std::exception& error) {
        errors[i] = error.what();
      }
    });
  }
  for (auto& server : servers) server.join();
  std::size_t total = 0;
  for (std::size_t i = 0; i < applied.size(); ++i) {
    EXPECT_EQ(errors[i], "");
    total += applied[i];
  }
  EXPECT_EQ(total, schema_versions().size());
}

TEST_P(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  auto connection = database_->acquire();
  {
    Transaction transaction(*connection);
    connection->execute("INSERT INTO app_settings (key, value) VALUES ('a', '1')");
  }
  EXPECT_FALSE(connection->query_one("SELECT value FROM app_settings WHERE key = 'a'"));
  {
    Transaction transaction(*connection);
    connection->execute("INSERT INTO app_settings (key, value) VALUES ('a', '2')");
    transaction.commit();
  }
  EXPECT_EQ(connection->query_one("SELECT value FROM app_settings WHERE key = 'a'")->text(0), "2");
}

TEST_P(DatabaseTest, ParametersRoundTripAllTypesAndNull) {
  auto connection = database_->acquire();
  const auto row = connection->query_one(
      "SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS BIGINT)",
      {std::int64_t{-9007199254740993}, std::string("it's \"quoted\" ünïcode"), Value(),
       std::int64_t{0}});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->int64(0), -9007199254740993);
  EXPECT_EQ(row->text(1), "it's \"quoted\" ünïcode");
  EXPECT_TRUE(row->is_null(2));
  EXPECT_FALSE(row->boolean(3));
}

TEST_P(DatabaseTest, DuplicateEmailInOtherCaseIsUniqueViolation) {
  auto connection = database_->acquire();
  UserStore users(*connection);
  core::User user{.company_id = tenants_.customer_a1.id,
                  .email = "Ann@Example.com",
                  .password_hash = "x",
                  .created_at = 1};
  users.create(user);
  user.email = "ann@example.COM";
  try {
    users.create(user);
    FAIL() << "duplicate e-mail accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::unique_violation);
    EXPECT_EQ(error.kind(), core::ErrorKind::conflict);
    EXPECT_EQ(error.code(), "unique_violation");
  }
}

TEST_P(DatabaseTest, SeatsUsedCanNotExceedTotalEvenWithPlainSql) {
  const core::License license = make_license(tenants_.customer_a1, 2, "k-check");
  auto connection = database_->acquire();
  try {
    connection->execute("UPDATE licenses SET seats_used = 3 WHERE id = $1", {license.id});
    FAIL() << "seats_used above seats_total accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::constraint);
  }
}

TEST_P(DatabaseTest, CommentsCanNotBeUpdatedOrDeletedWithPlainSql) {
  const core::License license = make_license(tenants_.customer_a1, 5, "k-comments");
  auto connection = database_->acquire();
  connection->execute(
      "INSERT INTO comments (license_id, author_name, body, created_at) VALUES ($1, 'Ann', "
      "'original', 1)",
      {license.id});
  for (const std::string sql : {"UPDATE comments SET body = 'changed'", "DELETE FROM comments"}) {
    try {
      connection->execute(sql);
      FAIL() << sql << " was accepted";
    } catch (const DbError& error) {
      EXPECT_EQ(error.db_kind(), DbErrorKind::constraint) << sql << ": " << error.what();
    }
  }
  const auto rows = connection->query("SELECT body FROM comments");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "original");
}

TEST_P(DatabaseTest, ActionLogRejectsDelete) {
  auto connection = database_->acquire();
  connection->execute(
      "INSERT INTO action_log (company_id, reseller_id, action, status, actor, started_at) "
      "VALUES (1, 1, 'test', 'completed', 'Client', 1)");
  EXPECT_THROW(connection->execute("DELETE FROM action_log"), DbError);
  EXPECT_EQ(connection->query("SELECT id FROM action_log").size(), 1u);
}

TEST_P(DatabaseTest, ActionLogTimelineRejectsUpdateAndDelete) {
  auto connection = database_->acquire();
  const auto id = connection
                      ->query_one(
                          "INSERT INTO action_log (company_id, reseller_id, action, status, actor, "
                          "started_at) VALUES (1, 1, 'test', 'completed', 'Client', 1) RETURNING id")
                      ->int64(0);
  connection->execute(
      "INSERT INTO action_log_transitions (action_id, status, reached_at) VALUES ($1, 'completed', 1)",
      {id});
  EXPECT_THROW(connection->execute("UPDATE action_log_transitions SET reached_at = 2"), DbError);
  EXPECT_THROW(connection->execute("DELETE FROM action_log_transitions"), DbError);
  const auto rows = connection->query("SELECT reached_at FROM action_log_transitions");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].int64(0), 1);
}

TEST_P(DatabaseTest, ForeignKeysAreEnforced) {
  auto connection = database_->acquire();
  try {
    connection->execute(
        "INSERT INTO users (company_id, email, password_hash, role, created_at) "
        "VALUES (999999, 'x@example.com', 'x', 'admin', 1)");
    FAIL() << "dangling company accepted";
  } catch (const DbError& error) {
    EXPECT_EQ(error.db_kind(), DbErrorKind::constraint);
  }
}

TEST_P(DatabaseTest, PoolHandsOutDistinctConnectionsAndReusesReturnedOnes) {
  Connection* first = nullptr;
  {
    auto a = database_->acquire();
    auto b = database_->acquire();
    EXPECT_NE(&*a, &*b);
    first = &*a;
  }
  auto again = database_->acquire();
  auto other = database_->acquire();
  EXPECT_TRUE(&*again == first || &*other == first);
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::Values(Engine::sqlite, Engine::postgres),
                         engine_name);

}  // namespace
}  // namespace keyward::store::testing
