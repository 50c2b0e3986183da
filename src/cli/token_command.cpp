#include <boost/json.hpp>

#include "app/users.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

namespace keyward::cli {
namespace {

struct TokenOptions {
  CommonOptions common;
  std::string email;
  std::string name = "command line";
};

void create_token(const TokenOptions& options) {
  auto database = open_migrated_database(options.common.database_url);
  auto connection = database->acquire();
  const app::Actor actor = app::command_line_actor(*connection);
  const app::IssuedApiToken issued =
      app::create_api_token(*database, actor, options.email, options.name);
  print_result(options.common,
               {{"token", issued.token}, {"id", issued.record.id}, {"name", issued.record.name}},
               issued.token);
}

}  // namespace

void add_token_command(CLI::App& app) {
  auto options = std::make_shared<TokenOptions>();
  CLI::App* create =
      &add_action_command(app, "token", "Manage API tokens", "create",
                          "Create an API token for a user (shown once, stored hashed)",
                          options->common);
  create->add_option("--email", options->email, "The user's e-mail address")->required();
  create->add_option("--name", options->name, "What the token is for")->capture_default_str();
  create->callback([options] { run_guarded([&] { create_token(*options); }); });
}

}  // namespace keyward::cli
