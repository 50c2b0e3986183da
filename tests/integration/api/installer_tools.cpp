#include "installer_tools.hpp"

#include <fstream>
#include <sstream>

namespace keyward::test {

std::filesystem::path sample_msi(const std::string& arch) {
  return std::filesystem::path(KEYWARD_BINARY).parent_path() / "installer" /
         ("keyward-client-" + arch + ".msi");
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

RunResult run_tool(const std::vector<std::string>& argv) {
  RunResult result = run({.argv = argv});
  std::string command;
  for (const auto& arg : argv) command += arg + " ";
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.out << result.err;
  return result;
}

namespace {

// msiinfo prints CRLF line ends.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

std::map<std::string, std::string> msi_properties(const std::filesystem::path& msi) {
  std::map<std::string, std::string> properties;
  const auto lines = lines_of(run_tool({"msiinfo", "export", msi.string(), "Property"}).out);
  // Three header lines: column names, column types, table name.
  for (std::size_t i = 3; i < lines.size(); ++i) {
    const auto tab = lines[i].find('\t');
    if (tab != std::string::npos) properties[lines[i].substr(0, tab)] = lines[i].substr(tab + 1);
  }
  return properties;
}

std::map<std::string, std::string> msi_summary(const std::filesystem::path& msi) {
  std::map<std::string, std::string> summary;
  for (const auto& line : lines_of(run_tool({"msiinfo", "suminfo", msi.string()}).out)) {
    const auto colon = line.find(": ");
    if (colon != std::string::npos) summary[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return summary;
}

std::map<std::string, std::string> msi_payload(const std::filesystem::path& msi,
                                               const std::filesystem::path& scratch) {
  std::filesystem::remove_all(scratch);
  std::filesystem::create_directories(scratch);
  run_tool({"msiextract", "-C", scratch.string(), msi.string()});
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(scratch)) {
    if (entry.is_regular_file()) {
      files[std::filesystem::relative(entry.path(), scratch).string()] = read_file(entry.path());
    }
  }
  return files;
}

}  // namespace keyward::test
