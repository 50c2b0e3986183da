// The pure part of installer downloads: architectures and types as request input, the file
// names, and the config file with its MSI properties.

#include "core/installer_download.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "support/expect_error.hpp"

namespace keyward::core {
namespace {

InstallerConfigSource source() {
  return {.license_key = "0f3c9a1e-7b2d-4c8e-9a61-5d4e3f2a1b0c",
          .group_id = 17,
          .group_name = "Empfang Süd 🏥",
          .server_url = "https://keyward.example.com"};
}

TEST(InstallerDownload, ArchitecturesAndTypesAreExactWordsNamedInErrors) {
  EXPECT_EQ(require_installer_arch("arch", "x64"), InstallerArch::x64);
  EXPECT_EQ(require_installer_arch("arch", "x86"), InstallerArch::x86);
  EXPECT_EQ(require_installer_type("type", "msi-original"), InstallerType::msi_original);
  for (const auto type : {InstallerType::zip, InstallerType::config, InstallerType::msi,
                          InstallerType::msi_original}) {
    EXPECT_EQ(parse_installer_type(to_string(type)), type);
  }
  EXPECT_EQ(test::invalid_request_message([] { require_installer_arch("arch", "X64"); }),
            "arch: must be x64 or x86");
  EXPECT_EQ(test::invalid_request_message([] { require_installer_type("type", "exe"); }),
            "type: must be zip, config, msi or msi-original");
  EXPECT_FALSE(parse_installer_type("msi_original"));
  EXPECT_EQ(msi_platform(InstallerArch::x86), "Intel");
}

TEST(InstallerDownload, FileNamesAreAsciiAndSayWhatTheFileIs) {
  EXPECT_EQ(installer_file_name(InstallerType::msi, InstallerArch::x64, 12, "Main Office"),
            "keyward-client-x64-license-12-main-office.msi");
  EXPECT_EQ(installer_file_name(InstallerType::zip, InstallerArch::x86, 12, "Empfang Süd / 2"),
            "keyward-client-x86-license-12-empfang-sd-2.zip");
  EXPECT_EQ(installer_file_name(InstallerType::config, InstallerArch::x86, 3, "\"; rm -rf"),
            "keyward-config-license-3-rm-rf.json");
  EXPECT_EQ(installer_file_name(InstallerType::msi_original, InstallerArch::x64, 3, "x"),
            "keyward-client-x64.msi");
  EXPECT_EQ(installer_file_name(InstallerType::msi, InstallerArch::x64, 3, "ÄÖÜ"),
            "keyward-client-x64-license-3-group.msi");
}

TEST(InstallerDownload, TheConfigIsAsciiJsonWithTheProfileOnlyWhenThereIsOne) {
  const std::string without = installer_config_json(source());
  for (const char c : without) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << without;
  EXPECT_NE(without.find("Empfang S\\u00fcd \\ud83c\\udfe5"), std::string::npos) << without;
  const auto parsed = boost::json::parse(without).as_object();
  EXPECT_EQ(parsed.at("group").at("name").as_string(), "Empfang Süd 🏥");
  EXPECT_EQ(parsed.at("config_version").as_int64(), kInstallerConfigVersion);
  EXPECT_TRUE(parsed.at("accept_eula").as_bool());
  EXPECT_FALSE(parsed.contains("profile"));

  InstallerConfigSource with = source();
  with.profile = ProfileRevision{.revision = 4, .settings = R"({"scan_type":"complete"})"};
  const auto profiled = boost::json::parse(installer_config_json(with)).as_object();
  EXPECT_EQ(profiled.at("profile").at("revision").as_int64(), 4);
  EXPECT_EQ(profiled.at("profile").at("settings").at("scan_type").as_string(), "complete");
}

// Found by fuzz/installer_inputs_fuzzer: a number beyond a double's range was written back as
// `Infinity`.
TEST(InstallerDownload, TheConfigIsJsonEvenForANumberBeyondADoublesRange) {
  InstallerConfigSource with = source();
  with.profile = ProfileRevision{.revision = 1, .settings = R"({"a":[1e999,-1e999],"b":2.5})"};
  const auto profiled = boost::json::parse(installer_config_json(with)).as_object();
  const auto& settings = profiled.at("profile").at("settings");
  EXPECT_TRUE(settings.at("a").at(0).is_null());
  EXPECT_TRUE(settings.at("a").at(1).is_null());
  EXPECT_EQ(settings.at("b").as_double(), 2.5);
  with.profile->settings = "56e899";
  EXPECT_TRUE(
      boost::json::parse(installer_config_json(with)).at("profile").at("settings").is_null());
}

TEST(InstallerDownload, ThePropertiesCarryTheConfigAndAcceptTheAgreement) {
  const std::string config = installer_config_json(source());
  const auto properties = installer_properties(source(), config);
  std::map<std::string, std::string> named(properties.begin(), properties.end());
  EXPECT_EQ(named.at("LICENSE_KEY"), source().license_key);
  EXPECT_EQ(named.at("GROUP_ID"), "17");
  EXPECT_EQ(named.at("SERVER_URL"), "https://keyward.example.com");
  EXPECT_EQ(named.at("CONFIG"), config);
  EXPECT_EQ(named.at("ACCEPT_EULA"), "1");
  EXPECT_EQ(named.at("CONFIG_VERSION"), "1");
}

}  // namespace
}  // namespace keyward::core
