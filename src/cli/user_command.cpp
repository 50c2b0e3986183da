#include <boost/json.hpp>

#include "app/users.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

namespace keyward::cli {
namespace {

struct UserOptions {
  CommonOptions common;
  app::NewUser user;
};

void create_user(UserOptions options) {
  options.user.password = read_stdin_secret();
  auto database = open_migrated_database(options.common.database_url);
  auto connection = database->acquire();
  const app::Actor actor = app::command_line_actor(*connection);
  const core::User user = app::create_user(*database, actor, options.user);
  print_result(options.common,
               {{"id", user.id},
                {"email", user.email},
                {"role", core::to_string(user.role)},
                {"company_id", user.company_id}},
               "created user " + user.email + " with id " + std::to_string(user.id));
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto options = std::make_shared<UserOptions>();
  CLI::App* create =
      &add_action_command(app, "user", "Manage portal users", "create",
                          "Create a user; the password is read from standard input",
                          options->common);
  create->add_option("--company", options->user.company_reference, "Company (name or id)")
      ->required();
  create->add_option("--email", options->user.email, "E-mail address (the login)")->required();
  create->add_option("--role", options->user.role, "admin, technician or viewer")
      ->required()
      ->check(CLI::IsMember({"admin", "technician", "viewer"}));
  create->add_option("--name", options->user.name, "Display name");
  create->callback([options] { run_guarded([&] { create_user(*options); }); });
}

}  // namespace keyward::cli
