// What goes into a preconfigured installer: the config file (docs/installer-config.md), the
// MSI properties and the download's file name, built from a license key, a group name, the
// server URL and the group profile's settings. The config file is valid JSON that carries the
// values unchanged, property values hold no NUL, and the file name is always safe.

#include <boost/json/serialize.hpp>

#include "core/installer_download.hpp"
#include "fuzz_input.hpp"

namespace {

using namespace keyward;

bool safe_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.find("..") != std::string_view::npos) {
    return false;
  }
  for (const char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!allowed) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::fields(fuzz::as_text(data, size), 6);
  // The server validates every text as UTF-8 before it gets here.
  for (const auto& part : parts) {
    if (part && !core::is_valid_utf8(*part)) return 0;
  }
  core::InstallerConfigSource source;
  source.license_key = parts[0].value_or("");
  source.group_name = parts[1].value_or("");
  source.server_url = parts[2].value_or("");
  source.group_id = static_cast<core::Id>(size);
  if (parts[3]) {
    core::ProfileRevision profile;
    profile.revision = 1;
    profile.settings = *parts[3];
    // Stored settings are JSON the server wrote; other text cannot reach the renderer.
    if (fuzz::parse_body(profile.settings)) source.profile = profile;
  }
  const std::string config = core::installer_config_json(source);
  const auto parsed = fuzz::parse_body(config);
  if (!parsed || !parsed->is_object()) fuzz::violated("config file is no JSON object", config);
  if (boost::json::serialize(*parsed).find(boost::json::serialize(
          boost::json::value(source.license_key))) == std::string::npos) {
    fuzz::violated("config file lost the license key");
  }
  for (const auto& [name, value] : core::installer_properties(source, config)) {
    if (name.empty() || value.find('\0') != std::string::npos) fuzz::violated("MSI property", name);
  }

  const auto arch = core::parse_installer_arch(parts[4].value_or(""));
  const auto type = core::parse_installer_type(parts[5].value_or(""));
  const std::string name = core::installer_file_name(type.value_or(core::InstallerType::msi),
                                                     arch.value_or(core::InstallerArch::x64),
                                                     source.group_id, source.group_name);
  if (!safe_file_name(name)) fuzz::violated("unsafe download file name", name);
  return 0;
}
