#pragma once
// Reads an exported table back with other tools (openpyxl for XLSX, Python's csv module for
// CSV; tests/support/read_table.py) and returns what they saw as JSON text.

#include <filesystem>
#include <string>

namespace keyward::test {

// `kind`: "xlsx" or "csv". Throws std::runtime_error with the reader's output when it fails
// (a file the tools can not read).
std::string read_table_json(const std::filesystem::path& file, const std::string& kind);

}  // namespace keyward::test
