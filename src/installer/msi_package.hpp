#pragma once
// Windows Installer databases read and edited in-process with libmsi (msitools). This and
// msi_package.cpp are the only places that include libmsi; a libmsi database object is used
// by one thread only (each call opens its own).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace keyward::installer {

struct MsiFacts {
  std::string platform;      // of the summary Template "x64;1033": "x64", "Intel", …
  std::string package_code;  // the summary's revision number, "{GUID}"
  std::string product_name;
  std::string product_version;
};

// Reads the summary information and the product's name and version. Throws core::Error
// invalid_request naming `field` when the file is no Windows Installer database.
MsiFacts read_msi_facts(const std::filesystem::path& file, const std::string& field);

// Writes a copy of `original` to `output` whose Property table has `properties` inserted or
// updated and whose summary carries `package_code` (a new one, so Windows Installer treats
// the copy as a package of its own). Streams (the embedded cabinet) are copied unchanged.
void write_preconfigured_msi(const std::filesystem::path& original,
                             const std::filesystem::path& output,
                             const std::vector<std::pair<std::string, std::string>>& properties,
                             const std::string& package_code);

}  // namespace keyward::installer
