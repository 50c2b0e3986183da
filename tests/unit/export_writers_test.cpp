// The export writers (src/export): files that other tools read back (openpyxl for XLSX,
// Python's csv module for CSV) with typed cells, a frozen and filtered header row, and text
// that no spreadsheet runs as a formula.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "export/csv_writer.hpp"
#include "export/formula_guard.hpp"
#include "export/pipelined_writer.hpp"
#include "export/xlsx_writer.hpp"
#include "support/read_table.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {
namespace {

namespace json = boost::json;
using exports::Cell;
using exports::CellType;
using exports::Column;
using exports::DateTime;

// 2026-11-28 20:49:37 UTC
constexpr std::int64_t kMoment = 1'795'898'977;

const std::vector<Column> kColumns = {{"Host name", CellType::text},
                                      {"Infections", CellType::number},
                                      {"Last contact (UTC)", CellType::date}};

// Texts a spreadsheet would run as formulas if they were not guarded.
const std::vector<std::string> kDangerous = {"=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2",
                                             "\r=1+2"};

std::vector<std::vector<Cell>> sample_rows() {
  std::vector<std::vector<Cell>> rows;
  rows.push_back({std::string("PC-01, \"Empfang\""), std::int64_t{3}, DateTime{kMoment}});
  rows.push_back({std::string("Zeile 1\nZeile 2"), std::int64_t{-4}, Cell()});
  for (const auto& text : kDangerous) rows.push_back({text, std::int64_t{0}, DateTime{0}});
  rows.push_back({std::string("Gerät Ä"), Cell(), DateTime{kMoment}});
  return rows;
}

json::object written(const std::string& kind) {
  TempDir dir;
  const auto path = dir.path() / ("table." + kind);
  auto writer = kind == "csv" ? exports::open_csv_writer(path, kColumns)
                              : exports::open_xlsx_writer(path, kColumns, "Geräte", dir.path());
  for (const auto& row : sample_rows()) writer->write_row(row);
  writer->finish();
  return json::parse(read_table_json(path, kind)).as_object();
}

TEST(XlsxWriter, WritesTypedCellsUnderABoldFrozenFilteredHeader) {
  const json::object table = written("xlsx");
  EXPECT_EQ(table.at("sheet").as_string(), "Geräte");
  EXPECT_EQ(table.at("freeze").as_string(), "A2");
  EXPECT_EQ(table.at("autofilter").as_string(), "A1:C10");
  EXPECT_TRUE(table.at("bold_header").as_bool());
  const json::array& rows = table.at("rows").as_array();
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0].at(0).at("v").as_string(), "Host name");
  EXPECT_EQ(rows[0].at(2).at("v").as_string(), "Last contact (UTC)");
  const json::array& first = rows[1].as_array();
  EXPECT_EQ(first[0].at("t").as_string(), "text");
  EXPECT_EQ(first[0].at("v").as_string(), "PC-01, \"Empfang\"");
  EXPECT_EQ(first[1].at("t").as_string(), "number");
  EXPECT_EQ(first[1].at("v").to_number<double>(), 3.0);
  EXPECT_EQ(first[2].at("t").as_string(), "date");
  EXPECT_EQ(first[2].at("v").as_string(), "2026-11-28T20:49:37");
  EXPECT_EQ(first[2].at("fmt").as_string(), "yyyy-mm-dd hh:mm");
  EXPECT_EQ(rows[2].at(0).at("v").as_string(), "Zeile 1\nZeile 2");
  EXPECT_EQ(rows[2].at(1).at("v").to_number<double>(), -4.0);
  EXPECT_EQ(rows[2].at(2).at("t").as_string(), "empty");
  EXPECT_EQ(rows[9].at(0).at("v").as_string(), "Gerät Ä");
}

TEST(XlsxWriter, WritesFormulaTextAsTextThatNoSpreadsheetRuns) {
  const json::object table = written("xlsx");
  const json::array& rows = table.at("rows").as_array();
  for (std::size_t i = 0; i < kDangerous.size(); ++i) {
    const json::value& cell = rows[3 + i].at(0);
    EXPECT_EQ(cell.at("t").as_string(), "text") << kDangerous[i];
    EXPECT_EQ(cell.at("v").as_string(), kDangerous[i]) << "stored unchanged, as a string";
  }
}

TEST(XlsxWriter, SizesColumnsToTheirLongestValueWithinLimits) {
  TempDir dir;
  const auto path = dir.path() / "widths.xlsx";
  auto writer = exports::open_xlsx_writer(
      path, {{"A", CellType::text}, {"B", CellType::text}, {"C", CellType::date}}, "S", dir.path());
  writer->write_row({std::string(30, 'x'), std::string(500, 'y'), DateTime{kMoment}});
  writer->finish();
  const json::object widths =
      json::parse(read_table_json(path, "xlsx")).at("widths").as_object();
  EXPECT_NEAR(widths.at("A").to_number<double>(), 31, 1.5) << "the 30 characters, plus room";
  EXPECT_NEAR(widths.at("B").to_number<double>(), 60, 1.5) << "capped";
  EXPECT_GE(widths.at("C").to_number<double>(), 16) << "a whole date and time";
}

TEST(CsvWriter, WritesRfc4180WithBomAndCrlf) {
  const json::object table = written("csv");
  EXPECT_TRUE(table.at("bom").as_bool());
  EXPECT_TRUE(table.at("crlf").as_bool());
  const json::array& rows = table.at("rows").as_array();
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0], (json::array{"Host name", "Infections", "Last contact (UTC)"}));
  EXPECT_EQ(rows[1], (json::array{"PC-01, \"Empfang\"", "3", "2026-11-28 20:49:37"}));
  EXPECT_EQ(rows[2], (json::array{"Zeile 1\nZeile 2", "-4", ""})) << "numbers are not prefixed";
  EXPECT_EQ(rows[9], (json::array{"Gerät Ä", "", "2026-11-28 20:49:37"}));
}

TEST(CsvWriter, PrefixesFormulaTextWithASingleQuote) {
  const json::object table = written("csv");
  const json::array& rows = table.at("rows").as_array();
  for (std::size_t i = 0; i < kDangerous.size(); ++i) {
    EXPECT_EQ(rows[3 + i].at(0).as_string(), "'" + kDangerous[i]) << kDangerous[i];
  }
}

TEST(CsvField, QuotesOnlyWhatRfc4180Requires) {
  EXPECT_EQ(exports::csv_field(std::string("plain text")), "plain text");
  EXPECT_EQ(exports::csv_field(std::string("a,b")), "\"a,b\"");
  EXPECT_EQ(exports::csv_field(std::string("say \"hi\"")), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(exports::csv_field(std::string("=1,2")), "\"'=1,2\"");
  EXPECT_EQ(exports::csv_field(std::int64_t{-7}), "-7");
  EXPECT_EQ(exports::csv_field(Cell()), "");
}

// Many batches through the writer thread, read back in order from a real XLSX file.
TEST(PipelinedWriter, WritesEveryRowInOrderOnItsOwnThread) {
  TempDir dir;
  const auto path = dir.path() / "many.xlsx";
  auto writer = exports::pipelined(exports::open_xlsx_writer(path, kColumns, "S", dir.path()));
  constexpr std::int64_t kRows = 5000;
  for (std::int64_t i = 0; i < kRows; ++i) {
    writer->write_row({"PC-" + std::to_string(i), i, DateTime{kMoment + i}});
  }
  writer->finish();
  const json::value table = json::parse(read_table_json(path, "xlsx"));
  const json::array& rows = table.at("rows").as_array();
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kRows + 1));
  for (std::int64_t i = 0; i < kRows; i += 997) {
    EXPECT_EQ(rows[i + 1].at(0).at("v").as_string(), "PC-" + std::to_string(i));
    EXPECT_EQ(rows[i + 1].at(1).at("v").to_number<double>(), static_cast<double>(i));
  }
}

// A writer that fails after some rows, as a full disk would.
class FailingWriter final : public exports::TableWriter {
 public:
  void write_row(const std::vector<Cell>&) override {
    if (++rows_ > 1000) throw std::runtime_error("disk full");
  }
  void finish() override { finished = true; }
  bool finished = false;

 private:
  int rows_ = 0;
};

TEST(PipelinedWriter, AnErrorOfTheWriterReachesTheReaderAndNothingIsFinished) {
  auto failing = std::make_unique<FailingWriter>();
  const FailingWriter& inner = *failing;
  auto writer = exports::pipelined(std::move(failing));
  const auto write_all = [&] {
    for (int i = 0; i < 100'000; ++i) writer->write_row({std::string("PC")});
    writer->finish();
  };
  EXPECT_THROW(write_all(), std::runtime_error);
  EXPECT_FALSE(inner.finished);
}

TEST(PipelinedWriter, AnAbandonedWriterStopsWithoutFinishing) {
  TempDir dir;
  auto writer = exports::pipelined(exports::open_csv_writer(dir.path() / "t.csv", kColumns));
  for (int i = 0; i < 10'000; ++i) writer->write_row({std::string("PC"), std::int64_t{i}, Cell()});
  writer.reset();  // the reading side failed: no finish(), no hang
  SUCCEED();
}

TEST(FormulaGuard, FlagsTheCharactersSpreadsheetsStartFormulasWith) {
  for (const char* text : {"=A1", "+1", "-1", "@x", "\tx", "\rx"}) {
    EXPECT_TRUE(exports::looks_like_formula(text)) << text;
  }
  for (const char* text : {"", "PC-01", " =1", "'=1", "1-2"}) {
    EXPECT_FALSE(exports::looks_like_formula(text)) << text;
  }
}

}  // namespace
}  // namespace keyward::test
