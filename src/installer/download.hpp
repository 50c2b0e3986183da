#pragma once
// Builds the four download types of SPEC.md §4 from a published MSI and a client
// configuration. Large parts are open files, never strings: the server streams them.

#include <memory>
#include <string>
#include <vector>

#include "core/installer_download.hpp"
#include "installer/installer_files.hpp"

namespace keyward::installer {

// One piece of a download: a text, or a whole open file.
struct DownloadPart {
  std::string text;
  std::shared_ptr<const OpenFile> file;
};

struct Download {
  std::string file_name;
  std::string content_type;
  std::vector<DownloadPart> parts;
  std::uint64_t size() const;
};

struct DownloadRequest {
  core::InstallerType type = core::InstallerType::zip;
  core::InstallerVersion installer;
  core::InstallerConfigSource config;
  core::Id license_id = 0;
  core::UnixTime now = 0;
};

// For `msi` this edits a copy of the MSI with libmsi in a work file, which is unlinked
// once open (the bytes live as long as the download).
Download build_download(const InstallerFiles& files, const DownloadRequest& request);

// A new random package code "{XXXXXXXX-XXXX-4XXX-YXXX-XXXXXXXXXXXX}" (UUID version 4).
std::string new_package_code();

}  // namespace keyward::installer
