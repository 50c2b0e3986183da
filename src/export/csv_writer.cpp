#include "export/csv_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <utility>

#include "export/formula_guard.hpp"

namespace keyward::exports {
namespace {

std::string quoted_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string field = "\"";
  for (const char c : text) {
    if (c == '"') field += '"';
    field += c;
  }
  return field + '"';
}

std::string date_text(std::int64_t unix_seconds) {
  const std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

std::string text_field(const std::string& text) {
  return quoted_field(looks_like_formula(text) ? "'" + text : text);
}

class CsvWriter final : public TableWriter {
 public:
  CsvWriter(const std::filesystem::path& path, const std::vector<Column>& columns)
      : file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) fail("cannot create " + path.string());
    try {
      put("\xEF\xBB\xBF");
      std::vector<Cell> header;
      for (const auto& column : columns) header.emplace_back(column.title);
      write_row(header);
    } catch (...) {
      std::fclose(std::exchange(file_, nullptr));
      throw;
    }
  }
  ~CsvWriter() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void write_row(const std::vector<Cell>& cells) override {
    line_.clear();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) line_ += ',';
      line_ += csv_field(cells[i]);
    }
    line_ += "\r\n";
    put(line_);
  }

  void finish() override {
    std::FILE* file = std::exchange(file_, nullptr);
    if (std::fflush(file) != 0 || std::fclose(file) != 0) fail("cannot write the CSV file");
  }

 private:
  void put(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
      fail("cannot write the CSV file");
    }
  }
  [[noreturn]] static void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
  }

  std::FILE* file_;
  std::string line_;  // reused: one allocation for the whole file
};

}  // namespace

std::string csv_field(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return text_field(*text);
  if (const auto* number = std::get_if<std::int64_t>(&cell)) return std::to_string(*number);
  if (const auto* date = std::get_if<DateTime>(&cell)) return date_text(date->unix_seconds);
  return "";
}

std::unique_ptr<TableWriter> open_csv_writer(const std::filesystem::path& path,
                                             const std::vector<Column>& columns) {
  return std::make_unique<CsvWriter>(path, columns);
}

}  // namespace keyward::exports
