#include "installer/download.hpp"

#include <sodium.h>

#include <array>
#include <cstdio>

#include "installer/background_work.hpp"
#include "installer/msi_package.hpp"
#include "installer/stored_zip.hpp"

namespace keyward::installer {
namespace {

constexpr const char* kMsiType = "application/x-msi";
constexpr const char* kZipType = "application/zip";
constexpr const char* kJsonType = "application/json";

std::shared_ptr<const OpenFile> original_of(const InstallerFiles& files,
                                            const core::InstallerVersion& installer) {
  return OpenFile::open(files.path_of(installer.stored_path));
}

Download preconfigured_msi(const InstallerFiles& files, const DownloadRequest& request,
                           const std::string& config, std::string file_name) {
  const auto output = files.work_file(".msi");
  run_in_background([&] {
    write_preconfigured_msi(files.path_of(request.installer.stored_path), output->path(),
                            core::installer_properties(request.config, config), new_package_code());
  });
  return {std::move(file_name), kMsiType, {{"", OpenFile::open_and_unlink(output->path())}}};
}

// The original MSI, stored, next to the config file. The MSI's CRC was taken at publishing,
// so the archive costs no pass over its bytes.
Download zip_archive(const InstallerFiles& files, const DownloadRequest& request,
                     const std::string& config, std::string file_name) {
  StoredZip zip(request.now);
  Download download{std::move(file_name), kZipType, {}};
  download.parts.push_back({zip.local_header({core::zip_msi_name(request.installer.arch),
                                              request.installer.size, request.installer.crc32}),
                            nullptr});
  download.parts.push_back({"", original_of(files, request.installer)});
  std::string tail =
      zip.local_header({std::string(core::kZipConfigName), config.size(), crc32(config)});
  tail += config;
  tail += zip.finish();
  download.parts.push_back({std::move(tail), nullptr});
  return download;
}

}  // namespace

std::uint64_t Download::size() const {
  std::uint64_t total = 0;
  for (const auto& part : parts) total += part.file ? part.file->size() : part.text.size();
  return total;
}

Download build_download(const InstallerFiles& files, const DownloadRequest& request) {
  const std::string file_name = core::installer_file_name(
      request.type, request.installer.arch, request.license_id, request.config.group_name);
  const std::string config = core::installer_config_json(request.config);
  switch (request.type) {
    case core::InstallerType::config:
      return {file_name, kJsonType, {{config, nullptr}}};
    case core::InstallerType::msi_original:
      return {file_name, kMsiType, {{"", original_of(files, request.installer)}}};
    case core::InstallerType::msi:
      return preconfigured_msi(files, request, config, file_name);
    case core::InstallerType::zip:
      return zip_archive(files, request, config, file_name);
  }
  return {};
}

std::string new_package_code() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::array<char, 39> text{};
  std::snprintf(text.data(), text.size(),
                "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text.data();
}

}  // namespace keyward::installer
