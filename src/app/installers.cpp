#include "app/installers.hpp"

#include "app/action_log.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "installer/msi_package.hpp"
#include "store/group_store.hpp"
#include "store/installer_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"

namespace keyward::app {
namespace {

// Who the log shows for the sample installers a new server publishes itself.
constexpr const char* kSampleActor = "keyward (sample installer)";

core::Error conflict(const std::string& code, const std::string& message) {
  return core::Error(core::ErrorKind::conflict, code, message);
}

void require_architecture(const installer::MsiFacts& facts, core::InstallerArch arch,
                          const std::string& field) {
  if (facts.platform == core::msi_platform(arch)) return;
  throw core::Error(core::ErrorKind::invalid_request, "wrong_architecture",
                    field + ": the package is built for \"" + facts.platform + "\", not for " +
                        std::string(core::to_string(arch)) + " (summary Template \"" +
                        std::string(core::msi_platform(arch)) + ";…\" expected)");
}

core::InstallerVersion record_version(store::Connection& connection, const InstallerSetup& setup,
                                      const Actor& actor, core::InstallerVersion installer,
                                      const installer::TempFile& work) {
  store::InstallerStore installers(connection);
  installer.version = installers.next_version(installer.arch);
  installer.stored_path = setup.files.publish(work, core::to_string(installer.arch),
                                              installer.version, installer.sha256);
  try {
    installer = installers.add(installer);
  } catch (...) {
    setup.files.unpublish(installer.stored_path);
    throw;
  }
  const core::Id operator_id = actor.scope.company_id();
  log_change(connection, actor,
             {.company_id = operator_id,
              .reseller_id = operator_id,
              .action = "installer.published",
              .details = {{"arch", core::to_string(installer.arch)},
                          {"version", installer.version},
                          {"file", installer.original_name},
                          {"size", installer.size},
                          {"sha256", installer.sha256},
                          {"product_version", installer.product_version}}},
             installer.published_at);
  return installer;
}

// What a download is made of, read in one transaction.
struct DownloadSource {
  core::License license;
  core::Group group;
  std::optional<core::ProfileRevision> profile;
  core::InstallerVersion installer;
};

DownloadSource read_source(store::Database& database, const Actor& actor,
                           const DownloadChoice& choice, core::UnixTime at) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection, false);
  const auto license = store::LicenseStore(*connection).find(actor.scope, choice.license_id);
  if (!license) throw core::not_found("license");
  core::require_unexpired(license->expires_at, at);
  const core::Group group = installer_group(*connection, actor, *license, choice.group_id);
  const auto installer = store::InstallerStore(*connection).current(choice.arch);
  if (!installer) {
    throw conflict("installer_unavailable",
                   "no installer is published for " + std::string(core::to_string(choice.arch)));
  }
  return {*license, group, store::ProfileStore(*connection).current_for_group(group.id),
          *installer};
}

// Publishes `work` (a file in the work directory, consumed).
core::InstallerVersion publish(store::Database& database, const InstallerSetup& setup,
                               const Actor& actor, core::InstallerArch arch,
                               std::unique_ptr<installer::TempFile> work,
                               const std::string& original_name, const std::string& field) {
  const installer::MsiFacts facts = installer::read_msi_facts(work->path(), field);
  require_architecture(facts, arch, field);
  const installer::FileDigest digest = installer::digest_file(work->path());
  core::InstallerVersion installer{.arch = arch,
                                   .original_name = original_name,
                                   .size = digest.size,
                                   .sha256 = digest.sha256,
                                   .crc32 = digest.crc32,
                                   .product_version = facts.product_version,
                                   .package_code = facts.package_code,
                                   .published_by = actor.name,
                                   .published_at = now()};
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  try {
    installer = record_version(*connection, setup, actor, installer, *work);
    transaction.commit();
  } catch (const store::DbError& error) {
    if (error.db_kind() != store::DbErrorKind::unique_violation) throw;
    throw conflict("publish_conflict",
                   "another installer was published at the same moment; publish again");
  }
  return installer;
}

}  // namespace

core::InstallerVersion publish_installer_file(store::Database& database,
                                              const InstallerSetup& setup, const Actor& actor,
                                              core::InstallerArch arch,
                                              const std::filesystem::path& path) {
  require_operator_admin(actor, "publish installers");
  if (!std::filesystem::is_regular_file(path)) {
    throw core::invalid_request("file", "no such file: " + path.string());
  }
  return publish(database, setup, actor, arch, setup.files.temp_copy_of(path),
                 path.filename().string(), "file");
}

core::InstallerVersion publish_installer_upload(store::Database& database,
                                                const InstallerSetup& setup, const Actor& actor,
                                                core::InstallerArch arch, std::string_view content,
                                                const std::string& original_name) {
  require_operator_admin(actor, "publish installers");
  return publish(database, setup, actor, arch, setup.files.temp_file_with(content, ".msi"),
                 original_name, "body");
}

std::vector<core::InstallerVersion> list_installers(store::Database& database, const Actor& actor) {
  require_operator_admin(actor, "see the published installers");
  auto connection = database.acquire();
  return store::InstallerStore(*connection).list();
}

std::vector<core::InstallerVersion> publish_sample_installers(
    store::Database& database, const InstallerSetup& setup,
    const std::filesystem::path& sample_dir) {
  std::vector<core::InstallerVersion> published;
  for (const auto arch : {core::InstallerArch::x64, core::InstallerArch::x86}) {
    const std::string name = core::zip_msi_name(arch);
    const auto sample = sample_dir / name;
    {
      auto connection = database.acquire();
      if (store::InstallerStore(*connection).current(arch)) continue;
    }
    if (!std::filesystem::exists(sample)) continue;
    Actor actor = command_line_actor(*database.acquire());
    actor.name = kSampleActor;
    try {
      published.push_back(publish_installer_file(database, setup, actor, arch, sample));
    } catch (const core::Error& error) {
      if (error.code() != "publish_conflict") throw;
    }
  }
  return published;
}

core::Group installer_group(store::Connection& connection, const Actor& actor,
                            const core::License& license, std::optional<core::Id> group_id) {
  const auto id = group_id ? group_id : license.main_group_id;
  const auto group = id ? store::GroupStore(connection).find(actor.scope, *id) : std::nullopt;
  if (!group) throw core::not_found("group");
  if (group->license_id != license.id) {
    throw conflict("group_not_in_license",
                   "group " + std::to_string(group->id) + " belongs to another license");
  }
  return *group;
}

installer::Download download_installer(
    store::Database& database, const InstallerSetup& setup, const Actor& actor,
    const DownloadChoice& choice,
    const std::function<void(store::Connection&, core::UnixTime)>& in_log_transaction) {
  const core::UnixTime at = now();
  const DownloadSource source = read_source(database, actor, choice, at);
  installer::Download download =
      installer::build_download(setup.files, {.type = choice.type,
                                              .installer = source.installer,
                                              .config = {.license_key = source.license.key,
                                                         .group_id = source.group.id,
                                                         .group_name = source.group.name,
                                                         .server_url = setup.server_url,
                                                         .profile = source.profile},
                                              .license_id = source.license.id,
                                              .now = at});
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  if (in_log_transaction) in_log_transaction(*connection, at);
  log_change(*connection, actor,
             {.company_id = source.license.customer_id,
              .reseller_id = source.license.reseller_id,
              .license_id = source.license.id,
              .action = "installer.downloaded",
              .details = {{"group_id", source.group.id},
                          {"group_name", source.group.name},
                          {"arch", core::to_string(choice.arch)},
                          {"type", core::to_string(choice.type)},
                          {"installer_version", source.installer.version},
                          {"profile_revision", source.profile
                                                   ? boost::json::value(source.profile->revision)
                                                   : boost::json::value(nullptr)}}},
             at);
  transaction.commit();
  return download;
}

}  // namespace keyward::app
