#include "export/xlsx_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace keyward::exports {
namespace {

// Widths in characters of the default font: wide enough for the header and the longest
// value, but a long description must not push the next columns off the screen.
constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;
constexpr std::size_t kDateWidth = 16;  // "2026-11-28 20:49"

// Code points, which is what a column width counts.
std::size_t display_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// XML 1.0 allows no control characters but tab, LF and CR; Excel refuses a file with one.
std::string xml_safe(const std::string& text) {
  if (std::none_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20; })) {
    return text;
  }
  std::string safe = text;
  for (char& c : safe) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  }
  return safe;
}

class XlsxWriter final : public TableWriter {
 public:
  XlsxWriter(const std::filesystem::path& path, const std::vector<Column>& columns,
             const std::string& sheet_name, const std::filesystem::path& temp_dir)
      : columns_(columns), temp_dir_(temp_dir.string()), widths_(columns.size(), 0) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = temp_dir_.data();
    workbook_ = workbook_new_opt(path.c_str(), &options);
    if (workbook_ == nullptr) throw std::runtime_error("cannot create " + path.string());
    try {
      start_sheet(sheet_name);
    } catch (...) {
      workbook_close(std::exchange(workbook_, nullptr));  // frees it; the caller removes the file
      throw;
    }
  }

  ~XlsxWriter() override {
    // Not finished: the file is incomplete and the caller removes it; closing still frees
    // the workbook and its temporary files.
    if (workbook_ != nullptr) workbook_close(workbook_);
  }
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  void write_row(const std::vector<Cell>& cells) override {
    if (row_ + 1 >= kMaxXlsxRows) {
      throw std::runtime_error("more rows than an XLSX sheet holds (1,048,576); export as CSV");
    }
    ++row_;
    for (std::size_t c = 0; c < cells.size() && c < columns_.size(); ++c) write_cell(c, cells[c]);
  }

  void finish() override {
    const auto last_column = column(columns_.empty() ? 0 : columns_.size() - 1);
    check(worksheet_autofilter(sheet_, 0, 0, static_cast<lxw_row_t>(row_), last_column),
          "set the autofilter");
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const double width = std::clamp(static_cast<double>(widths_[c]) + 1, kMinWidth, kMaxWidth);
      check(worksheet_set_column(sheet_, column(c), column(c), width, nullptr), "set a width");
    }
    lxw_workbook* workbook = std::exchange(workbook_, nullptr);
    check(workbook_close(workbook), "write the XLSX file");
  }

 private:
  static lxw_col_t column(std::size_t index) { return static_cast<lxw_col_t>(index); }

  // The worksheet, its formats and the bold, frozen header row.
  void start_sheet(const std::string& sheet_name) {
    sheet_ = workbook_add_worksheet(workbook_, sheet_name.c_str());
    if (sheet_ == nullptr) throw std::runtime_error("cannot add the worksheet " + sheet_name);
    header_format_ = workbook_add_format(workbook_);
    format_set_bold(header_format_);
    date_format_ = workbook_add_format(workbook_);
    format_set_num_format(date_format_, "yyyy-mm-dd hh:mm");
    worksheet_freeze_panes(sheet_, 1, 0);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      widths_[c] = std::max(display_length(columns_[c].title) + 3,  // room for the filter button
                            columns_[c].type == CellType::date ? kDateWidth : 0);
      check(worksheet_write_string(sheet_, 0, column(c), xml_safe(columns_[c].title).c_str(),
                                   header_format_),
            "write the header");
    }
  }

  static void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) {
      throw std::runtime_error(std::string("cannot ") + what + ": " + lxw_strerror(error));
    }
  }

  void write_cell(std::size_t c, const Cell& cell) {
    const auto row = static_cast<lxw_row_t>(row_);
    if (const auto* text = std::get_if<std::string>(&cell)) {
      if (text->empty()) return;
      // Always a string cell: never worksheet_write() or a formula, whatever the text.
      check(worksheet_write_string(sheet_, row, column(c), xml_safe(*text).c_str(), nullptr),
            "write a text cell");
      widths_[c] = std::max(widths_[c], display_length(*text));
    } else if (const auto* number = std::get_if<std::int64_t>(&cell)) {
      check(worksheet_write_number(sheet_, row, column(c), static_cast<double>(*number), nullptr),
            "write a number cell");
      widths_[c] = std::max(widths_[c], std::to_string(*number).size());
    } else if (const auto* date = std::get_if<DateTime>(&cell)) {
      check(worksheet_write_unixtime(sheet_, row, column(c), date->unix_seconds, date_format_),
            "write a date cell");
    }
  }

  std::vector<Column> columns_;
  std::string temp_dir_;  // libxlsxwriter keeps the pointer
  std::vector<std::size_t> widths_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_format_ = nullptr;
  lxw_format* date_format_ = nullptr;
  std::int64_t row_ = 0;  // the last row written; 0 is the header
};

}  // namespace

std::unique_ptr<TableWriter> open_xlsx_writer(const std::filesystem::path& path,
                                              const std::vector<Column>& columns,
                                              const std::string& sheet_name,
                                              const std::filesystem::path& temp_dir) {
  return std::make_unique<XlsxWriter>(path, columns, sheet_name, temp_dir);
}

}  // namespace keyward::exports
