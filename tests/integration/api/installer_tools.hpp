#pragma once
// Looking at installer downloads with other tools than the server's own: msitools
// (msiinfo, msiextract) and unzip, so a test proves what Windows and users would see.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace keyward::test {

// The sample client MSI the build made with wixl (installer/), next to the keyward binary.
std::filesystem::path sample_msi(const std::string& arch);

void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);

// Runs a tool; a non-zero exit fails the test with its output.
RunResult run_tool(const std::vector<std::string>& argv);

// `msiinfo export FILE Property` as name -> value.
std::map<std::string, std::string> msi_properties(const std::filesystem::path& msi);
// `msiinfo suminfo FILE` as "Template" -> "x64;1033", "Revision number (UUID)" -> "{…}", …
std::map<std::string, std::string> msi_summary(const std::filesystem::path& msi);
// `msiextract` into a fresh directory: relative path -> content of every payload file.
std::map<std::string, std::string> msi_payload(const std::filesystem::path& msi,
                                               const std::filesystem::path& scratch);

}  // namespace keyward::test
