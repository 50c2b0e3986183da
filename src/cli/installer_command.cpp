// `keyward installer publish|list`: the operator's installer MSIs at the command line.

#include <boost/json.hpp>

#include "api/installer_json.hpp"
#include "app/actor.hpp"
#include "app/installers.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "core/time_format.hpp"

namespace keyward::cli {
namespace {

struct InstallerOptions {
  CommonOptions common;
  std::string data_dir;
  std::string arch;
  std::string file;
};

app::InstallerSetup setup_of(const InstallerOptions& options) {
  return {installer::InstallerFiles(options.data_dir.empty()
                                        ? installer::default_data_dir(options.common.database_url)
                                        : std::filesystem::path(options.data_dir)),
          ""};
}

std::string version_line(const core::InstallerVersion& installer) {
  return std::string(core::to_string(installer.arch)) + " version " +
         std::to_string(installer.version) + ": " + installer.original_name + " (" +
         installer.product_version + ", " + std::to_string(installer.size) + " bytes, " +
         core::format_timestamp(installer.published_at) + ")";
}

void publish(const InstallerOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  const app::Actor actor = app::command_line_actor(*database->acquire());
  const core::InstallerVersion installer = app::publish_installer_file(
      *database, setup_of(options), actor, core::require_installer_arch("--arch", options.arch),
      options.file);
  print_result(options.common, api::installer_version_json(installer),
               "published " + version_line(installer));
}

void list(const InstallerOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  const app::Actor actor = app::command_line_actor(*database->acquire());
  boost::json::array items;
  std::string text;
  for (const auto& installer : app::list_installers(*database, actor)) {
    items.push_back(api::installer_version_json(installer));
    text += version_line(installer) + "\n";
  }
  if (text.empty()) text = "no installer published\n";
  text.pop_back();
  print_result(options.common, {{"items", std::move(items)}}, text);
}

void add_data_dir_option(CLI::App& command, InstallerOptions& options) {
  command
      .add_option("--data-dir", options.data_dir,
                  "Where the server keeps its files (default: next to a SQLite database, "
                  "else ./var)")
      ->envname("KEYWARD_DATA_DIR");
}

}  // namespace

void add_installer_command(CLI::App& app) {
  auto published = std::make_shared<InstallerOptions>();
  CLI::App& publish_command = add_action_command(
      app, "installer", "The client installer MSIs that downloads are made from", "publish",
      "Publish a new version of the installer MSI of one architecture", published->common);
  add_data_dir_option(publish_command, *published);
  publish_command.add_option("--arch", published->arch, "x64 or x86")
      ->required()
      ->check(CLI::IsMember({"x64", "x86"}));
  publish_command.add_option("file", published->file, "The MSI file")->required();
  publish_command.callback([published] { run_guarded([&] { publish(*published); }); });

  auto listed = std::make_shared<InstallerOptions>();
  CLI::App& list_command = add_action_command(app, "installer", "", "list",
                                              "List every published version", listed->common);
  add_data_dir_option(list_command, *listed);
  list_command.callback([listed] { run_guarded([&] { list(*listed); }); });
}

}  // namespace keyward::cli
