#pragma once
// Installer MSIs (SPEC.md §4): the operator publishes one per architecture, versioned; users
// download it for a license and group in four types.
//
// Rules:
//  - Publishing is the operator admins' work (403 otherwise). The file must be a Windows
//    Installer package (400 invalid_request "file: …") built for the architecture
//    (400 wrong_architecture: summary Template "x64;…" for x64, "Intel;…" for x86). Each
//    publish is a new version; older versions stay on disk and in the list.
//  - Downloading needs the license in the actor's scope (404) and unexpired (409
//    license_expired). The group defaults to the license's main group; a group of another
//    license is refused (409 group_not_in_license; 404 when the group is not visible at
//    all). Without a published installer for the architecture: 409 installer_unavailable.
//  - A download changes nothing, so viewers may download; every download is logged
//    ("installer.downloaded") after the file was built.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "app/actor.hpp"
#include "core/installer_download.hpp"
#include "installer/download.hpp"
#include "installer/installer_files.hpp"
#include "store/database.hpp"

namespace keyward::app {

// The MSI files of a published installer and the config files' server URL.
struct InstallerSetup {
  installer::InstallerFiles files;
  std::string server_url;
};

// The largest MSI the operator can publish (the upload route's body limit).
inline constexpr std::size_t kMaxInstallerBytes = 200 * 1024 * 1024;

// Publishes the MSI file at `path` (the command line) or an uploaded body (`field` names it
// in errors). Rights are checked before anything is written.
core::InstallerVersion publish_installer_file(store::Database& database,
                                              const InstallerSetup& setup, const Actor& actor,
                                              core::InstallerArch arch,
                                              const std::filesystem::path& path);
core::InstallerVersion publish_installer_upload(store::Database& database,
                                                const InstallerSetup& setup, const Actor& actor,
                                                core::InstallerArch arch, std::string_view content,
                                                const std::string& original_name);

// Every published version, by architecture, newest first. Operator admins only.
std::vector<core::InstallerVersion> list_installers(store::Database& database, const Actor& actor);

// Publishes the sample MSI of each architecture that has no installer yet, from
// `sample_dir`/keyward-client-<arch>.msi, so a new server works out of the box. Returns
// what it published. Another server publishing at the same moment is not an error.
std::vector<core::InstallerVersion> publish_sample_installers(
    store::Database& database, const InstallerSetup& setup,
    const std::filesystem::path& sample_dir);

struct DownloadChoice {
  core::Id license_id = 0;
  std::optional<core::Id> group_id;  // empty: the main group
  core::InstallerArch arch = core::InstallerArch::x64;
  core::InstallerType type = core::InstallerType::zip;
};

// Builds the download for `actor` and logs it; `in_log_transaction` runs in the same
// transaction as the log entry (a link counts its download there).
installer::Download download_installer(
    store::Database& database, const InstallerSetup& setup, const Actor& actor,
    const DownloadChoice& choice,
    const std::function<void(store::Connection&, core::UnixTime)>& in_log_transaction = {});

// The license's group a download or link is for (see the rules above).
core::Group installer_group(store::Connection& connection, const Actor& actor,
                            const core::License& license, std::optional<core::Id> group_id);

}  // namespace keyward::app
