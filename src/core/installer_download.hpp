#pragma once
// What an installer download is (SPEC.md §4): the architecture, the download type, the
// client configuration it carries and the name of the file the browser saves. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/entities.hpp"

namespace keyward::core {

enum class InstallerArch { x64, x86 };
// zip: original MSI + config file; config: the config file; msi: the original MSI with the
// configuration in its Property table; msi_original: the MSI as published.
enum class InstallerType { zip, config, msi, msi_original };

std::string_view to_string(InstallerArch arch);
std::string_view to_string(InstallerType type);
std::optional<InstallerArch> parse_installer_arch(std::string_view text);
std::optional<InstallerType> parse_installer_type(std::string_view text);
// The parsers for request input: 400 invalid_request naming `field` ("arch: must be x64 or
// x86").
InstallerArch require_installer_arch(std::string_view field, std::string_view text);
InstallerType require_installer_type(std::string_view field, std::string_view text);

// The platform part of an MSI's summary Template ("x64;1033", "Intel;1033").
std::string_view msi_platform(InstallerArch arch);

// A published MSI: versions count per architecture from 1; every version stays available.
struct InstallerVersion {
  Id id = 0;
  InstallerArch arch = InstallerArch::x64;
  std::int64_t version = 0;
  std::string stored_path;  // relative to the data directory
  std::string original_name;
  std::uint64_t size = 0;
  std::string sha256;
  std::uint32_t crc32 = 0;
  std::string product_version;
  std::string package_code;
  std::string published_by;
  UnixTime published_at = 0;
};

// A shareable download link: license + group + arch + type until it expires or is revoked.
struct InstallerLink {
  Id id = 0;
  Id license_id = 0;
  Id customer_id = 0;
  Id reseller_id = 0;
  Id group_id = 0;
  InstallerArch arch = InstallerArch::x64;
  InstallerType type = InstallerType::zip;
  UnixTime expires_at = 0;
  std::optional<Id> created_by;
  std::string created_by_name;
  UnixTime created_at = 0;
  std::optional<UnixTime> revoked_at;
  std::int64_t downloads = 0;
  std::optional<UnixTime> last_download_at;
};

// The version of the config file's schema (docs/installer-config.md). Raise it when a member
// changes its meaning; adding a member does not.
inline constexpr std::int64_t kInstallerConfigVersion = 1;

// Everything a client configuration is made of.
struct InstallerConfigSource {
  std::string license_key;
  Id group_id = 0;
  std::string group_name;
  std::string server_url;
  // The group profile's current revision, as devices receive it (/agent/v1/settings).
  std::optional<ProfileRevision> profile;
};

// The config file: one JSON object (docs/installer-config.md).
std::string installer_config_json(const InstallerConfigSource& source);

// The MSI properties of a preconfigured installer (name, value), in a fixed order; `config`
// is installer_config_json of the same source.
std::vector<std::pair<std::string, std::string>> installer_properties(
    const InstallerConfigSource& source, const std::string& config);

// The file a download is saved as: ASCII letters, digits, '-' and '.', e.g.
// "keyward-client-x64-license-12-main-office.msi".
std::string installer_file_name(InstallerType type, InstallerArch arch, Id license_id,
                                std::string_view group_name);

// The names inside the ZIP archive: the client looks for its config file next to the MSI.
inline constexpr std::string_view kZipConfigName = "keyward-config.json";
std::string zip_msi_name(InstallerArch arch);

}  // namespace keyward::core
