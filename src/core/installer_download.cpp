#include "core/installer_download.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "core/error.hpp"

namespace keyward::core {
namespace {

namespace json = boost::json;

// Boost.JSON reads a number beyond a double's range (1e999) as infinity and writes it back as
// `Infinity`, which is no JSON. Settings the server stored never hold one, but the config file
// must be JSON whatever the database holds: such a number is written as null.
void replace_non_finite_numbers(json::value& value) {
  if (value.is_double() && !std::isfinite(value.get_double())) {
    value = nullptr;
  } else if (value.is_array()) {
    for (json::value& element : value.get_array()) replace_non_finite_numbers(element);
  } else if (value.is_object()) {
    for (auto& member : value.get_object()) replace_non_finite_numbers(member.value());
  }
}

// The agreement a portal user accepts for the customer when downloading an installer; the
// client installs without asking again.
constexpr std::string_view kEulaAccepted = "1";

// Lower-case letters, digits and single dashes: safe in any file system and header.
std::string slug(std::string_view text) {
  std::string result;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      result += c;
    } else if (c >= 'A' && c <= 'Z') {
      result += static_cast<char>(c - 'A' + 'a');
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      continue;  // a letter outside ASCII ("ü") is left out rather than split the word
    } else if (!result.empty() && result.back() != '-') {
      result += '-';
    }
    if (result.size() >= 40) break;
  }
  while (!result.empty() && result.back() == '-') result.pop_back();
  return result.empty() ? "group" : result;
}

// Serialized JSON with every character outside ASCII written as \uXXXX (UTF-16, surrogate
// pairs above U+FFFF): the same document, but safe in an MSI's Property table, whose strings
// are in the database's code page, and in any editor. The input is valid UTF-8.
std::string ascii_json(const std::string& utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto escape = [&out](std::uint32_t unit) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(unit >> shift) & 0xf];
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    if (lead < 0x80) {
      out += utf8[i++];
      continue;
    }
    const int extra = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
    std::uint32_t code = lead & (0x3f >> extra);
    for (int k = 1; k <= extra && i + k < utf8.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
    }
    i += extra + 1;
    if (code > 0xffff) {
      code -= 0x10000;
      escape(0xd800 + (code >> 10));
      escape(0xdc00 + (code & 0x3ff));
    } else {
      escape(code);
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(InstallerArch arch) {
  return arch == InstallerArch::x64 ? "x64" : "x86";
}

std::string_view to_string(InstallerType type) {
  switch (type) {
    case InstallerType::zip:
      return "zip";
    case InstallerType::config:
      return "config";
    case InstallerType::msi:
      return "msi";
    case InstallerType::msi_original:
      return "msi-original";
  }
  return "unknown";
}

std::optional<InstallerArch> parse_installer_arch(std::string_view text) {
  if (text == "x64") return InstallerArch::x64;
  if (text == "x86") return InstallerArch::x86;
  return std::nullopt;
}

std::optional<InstallerType> parse_installer_type(std::string_view text) {
  for (const auto type : {InstallerType::zip, InstallerType::config, InstallerType::msi,
                          InstallerType::msi_original}) {
    if (to_string(type) == text) return type;
  }
  return std::nullopt;
}

InstallerArch require_installer_arch(std::string_view field, std::string_view text) {
  if (auto arch = parse_installer_arch(text)) return *arch;
  throw invalid_request(std::string(field), "must be x64 or x86");
}

InstallerType require_installer_type(std::string_view field, std::string_view text) {
  if (auto type = parse_installer_type(text)) return *type;
  throw invalid_request(std::string(field), "must be zip, config, msi or msi-original");
}

std::string_view msi_platform(InstallerArch arch) {
  return arch == InstallerArch::x64 ? "x64" : "Intel";
}

std::string installer_config_json(const InstallerConfigSource& source) {
  json::object config{{"config_version", kInstallerConfigVersion},
                      {"license_key", source.license_key},
                      {"server_url", source.server_url},
                      {"group", {{"id", source.group_id}, {"name", source.group_name}}},
                      {"accept_eula", true}};
  if (source.profile) {
    json::value settings = json::parse(source.profile->settings);
    replace_non_finite_numbers(settings);
    config["profile"] = {{"revision", source.profile->revision}, {"settings", std::move(settings)}};
  }
  return ascii_json(json::serialize(config));
}

std::vector<std::pair<std::string, std::string>> installer_properties(
    const InstallerConfigSource& source, const std::string& config) {
  return {{"LICENSE_KEY", source.license_key},
          {"GROUP_ID", std::to_string(source.group_id)},
          {"GROUP_NAME", source.group_name},
          {"SERVER_URL", source.server_url},
          {"CONFIG_VERSION", std::to_string(kInstallerConfigVersion)},
          {"CONFIG", config},
          {"ACCEPT_EULA", std::string(kEulaAccepted)}};
}

std::string installer_file_name(InstallerType type, InstallerArch arch, Id license_id,
                                std::string_view group_name) {
  const std::string which = "license-" + std::to_string(license_id) + "-" + slug(group_name);
  const std::string client = "keyward-client-" + std::string(to_string(arch));
  switch (type) {
    case InstallerType::zip:
      return client + "-" + which + ".zip";
    case InstallerType::config:
      return "keyward-config-" + which + ".json";
    case InstallerType::msi:
      return client + "-" + which + ".msi";
    case InstallerType::msi_original:
      return client + ".msi";
  }
  return client;
}

std::string zip_msi_name(InstallerArch arch) {
  return "keyward-client-" + std::string(to_string(arch)) + ".msi";
}

}  // namespace keyward::core
