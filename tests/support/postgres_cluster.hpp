#pragma once
// A throwaway PostgreSQL server for tests: a fresh cluster (initdb) in a temporary directory,
// listening on a free loopback port with its own unix-socket directory and trust auth, so
// nothing needs to run beforehand and parallel test binaries never share a server. Starting
// takes about a second; share one cluster per test binary (e.g. from a gtest Environment)
// and call create_database() per test.
//
// Tests run as root and initdb refuses root, so when running as root the server programs run
// as the `postgres` user (runuser) in a directory that user owns. The binaries are taken from
// $KEYWARD_PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "support/temp_dir.hpp"

namespace keyward::test {

class PostgresCluster {
 public:
  // Creates and starts the cluster; throws std::runtime_error (with the server log) on failure.
  PostgresCluster();
  // Stops the server with `-m immediate` and removes its files.
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  std::uint16_t port() const { return port_; }
  // postgresql://postgres@127.0.0.1:PORT/postgres
  std::string url() const { return url_for("postgres"); }
  std::string url_for(const std::string& database) const;
  // Creates an empty database (name: letters, digits, underscore) and returns its URL.
  std::string create_database(const std::string& name);
  // Runs one SQL command with psql against `database`; throws on failure, returns stdout.
  std::string psql(const std::string& sql, const std::string& database = "postgres");

 private:
  bool start();

  std::filesystem::path bin_dir_;
  std::unique_ptr<TempDir> dir_;
  std::uint16_t port_ = 0;
  bool started_ = false;
};

}  // namespace keyward::test
