#pragma once
// The whole content of a test database as text, to prove that a refused request changed
// nothing: take one before, one after, compare.

#include <string>

#include "keyward_binary.hpp"

namespace keyward::test {

// Every row of every table, ordered, except tables that record access rather than data
// (sessions, API token use, sign-in attempts) and the migrations table.
std::string database_snapshot(const TestDatabase& database);

}  // namespace keyward::test
