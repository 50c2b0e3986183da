#pragma once
// CSV as RFC 4180 describes it: comma-separated, CRLF line ends, a field in double quotes
// when it holds a comma, a quote, CR or LF, quotes inside doubled. Encoded as UTF-8 with a
// byte-order mark, without which Excel reads the file as the system's code page. Dates are
// "YYYY-MM-DD HH:MM:SS" in UTC (spreadsheets recognise them as dates); text that would run
// as a formula gets a leading single quote (export/formula_guard.hpp).

#include <filesystem>
#include <memory>
#include <vector>

#include "export/table.hpp"

namespace keyward::exports {

std::unique_ptr<TableWriter> open_csv_writer(const std::filesystem::path& path,
                                             const std::vector<Column>& columns);

// One field as written to the file (quoted and guarded as above); for tests.
std::string csv_field(const Cell& cell);

}  // namespace keyward::exports
