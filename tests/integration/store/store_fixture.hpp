#pragma once
// The conformance suite runs every test against both engines: SQLite in a temporary file,
// and PostgreSQL in a fresh database of a cluster that the test binary starts itself the
// first time a PostgreSQL test needs it (so SQLite-only runs pay nothing).

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <vector>
#include <ostream>
#include <string>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"

namespace keyward::store {

// Names the engine in test output instead of gtest's byte dump.
inline void PrintTo(Engine engine, std::ostream* out) {
  *out << (engine == Engine::sqlite ? "sqlite" : "postgres");
}

}  // namespace keyward::store

namespace keyward::store::testing {

// The shared cluster; started on first use, stopped when the test binary ends.
test::PostgresCluster& postgres_cluster();

// A URL of a new, empty database of `engine` (a file in `dir` for SQLite).
std::string fresh_database_url(Engine engine, const test::TempDir& dir);

// A small tenant tree: the operator, resellers A and B, customers A1, A2 (of A) and B1 (of B).
struct Tenants {
  core::Company operator_company;
  core::Company reseller_a;
  core::Company reseller_b;
  core::Company customer_a1;
  core::Company customer_a2;
  core::Company customer_b1;
};

class StoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;

  // A purchase license (or msp when `seats` is empty) of `customer`, with its main group.
  core::License make_license(const core::Company& customer, std::optional<std::int64_t> seats,
                             const std::string& key);
  // A new (not yet stored) active device of the license, in its main group, last in contact
  // at 1000.
  static core::Device device_of(const core::License& license, const std::string& machine_id,
                                const std::string& hostname = "PC-01");

  test::TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> database_;
  Tenants tenants_;
};

std::string engine_name(const ::testing::TestParamInfo<Engine>& info);

}  // namespace keyward::store::testing
