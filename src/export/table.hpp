#pragma once
// A table as the export writers take it: a header of typed columns, then rows of cells.
// The writers know nothing of licenses or devices (app/export_rows does), only of cells.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace keyward::exports {

// What a column holds, so a spreadsheet can sort and compute with it: numbers are numbers,
// dates are real dates (shown with a date format), everything else is text.
enum class CellType { text, number, date };

struct Column {
  std::string title;
  CellType type = CellType::text;
};

// A moment in unix seconds (UTC); written as a date and time.
struct DateTime {
  std::int64_t unix_seconds = 0;
};

// An empty cell, a text, a whole number or a date.
using Cell = std::variant<std::monostate, std::string, std::int64_t, DateTime>;

// Writes one file: the header at construction, then the rows in order. Nothing is complete
// before finish(); a writer destroyed without finish() leaves an unusable file, which the
// caller removes. Errors are std::runtime_error with a message for the log.
class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual void write_row(const std::vector<Cell>& cells) = 0;
  virtual void finish() = 0;
};

}  // namespace keyward::exports
