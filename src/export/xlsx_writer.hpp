#pragma once
// XLSX through libxlsxwriter in constant-memory mode: each row goes to a temporary file as
// soon as the next one starts, so a sheet of any length needs the memory of one row. The
// header row is bold and frozen and carries an autofilter over the whole table; numbers are
// number cells, dates are date cells ("yyyy-mm-dd hh:mm", UTC) and text is always a string
// cell, never a formula, so "=1+2" in a host name stays text. Column widths follow the
// longest value (within limits). Only this file includes libxlsxwriter.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "export/table.hpp"

namespace keyward::exports {

// The most rows an XLSX sheet holds, header included (Excel's limit).
inline constexpr std::int64_t kMaxXlsxRows = 1'048'576;

// `temp_dir`: where libxlsxwriter keeps the rows until finish() (next to the file, so a
// large export never fills a RAM /tmp). Rows beyond kMaxXlsxRows throw.
std::unique_ptr<TableWriter> open_xlsx_writer(const std::filesystem::path& path,
                                              const std::vector<Column>& columns,
                                              const std::string& sheet_name,
                                              const std::filesystem::path& temp_dir);

}  // namespace keyward::exports
