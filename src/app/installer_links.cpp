#include "app/installer_links.hpp"

#include "app/action_log.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/license_terms.hpp"
#include "store/installer_link_store.hpp"
#include "store/license_store.hpp"
#include "store/token_hash.hpp"

namespace keyward::app {
namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;
constexpr const char* kLinkTokenPrefix = "kwl_";

core::License license_for_change(store::Connection& connection, const Actor& actor,
                                 core::Id license_id, core::UnixTime at) {
  const auto license = store::LicenseStore(connection).find(actor.scope, license_id);
  if (!license) throw core::not_found("license");
  core::require_unexpired(license->expires_at, at);
  return *license;
}

void log_link_change(store::Connection& connection, const Actor& actor,
                     const core::InstallerLink& link, const std::string& action,
                     core::UnixTime at) {
  log_change(connection, actor,
             {.company_id = link.customer_id,
              .reseller_id = link.reseller_id,
              .license_id = link.license_id,
              .action = action,
              .details = {{"link_id", link.id},
                          {"group_id", link.group_id},
                          {"arch", core::to_string(link.arch)},
                          {"type", core::to_string(link.type)},
                          {"expires_at", link.expires_at}}},
             at);
}

// The same answer for every link that does not work, so a token reveals nothing.
core::Error no_such_link() { return core::not_found("installer link"); }

// A link downloads as its creator's company would, under its own name in the log.
Actor link_actor(const core::InstallerLink& link) {
  return Actor{std::nullopt, "installer link #" + std::to_string(link.id), core::Role::viewer,
               core::TenantScope::customer(link.customer_id)};
}

}  // namespace

std::string installer_link_path(const std::string& token) { return "/installer-links/" + token; }

CreatedLink create_installer_link(store::Database& database, const InstallerSetup& setup,
                                  const Actor& actor, const LinkRequest& request) {
  require_change_rights(actor, "create installer links");
  if (request.expires_in_days < 1 || request.expires_in_days > kMaxLinkDays) {
    throw core::invalid_request("expires_in_days",
                                "must be 1 to " + std::to_string(kMaxLinkDays) + " days");
  }
  const core::UnixTime at = now();
  const std::string token = new_token(kLinkTokenPrefix);
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::License license = license_for_change(*connection, actor, request.license_id, at);
  const core::Group group = installer_group(*connection, actor, license, request.group_id);
  const core::InstallerLink link =
      store::InstallerLinkStore(*connection)
          .create({.license_id = license.id,
                   .customer_id = license.customer_id,
                   .reseller_id = license.reseller_id,
                   .group_id = group.id,
                   .arch = request.arch,
                   .type = request.type,
                   .expires_at = at + request.expires_in_days * kSecondsPerDay,
                   .created_by = actor.user_id,
                   .created_by_name = actor.name,
                   .created_at = at},
                  store::hash_token(token));
  log_link_change(*connection, actor, link, "installer_link.created", at);
  transaction.commit();
  return {link, setup.server_url + installer_link_path(token)};
}

std::vector<core::InstallerLink> list_installer_links(store::Database& database, const Actor& actor,
                                                      core::Id license_id) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection, false);
  if (!store::LicenseStore(*connection).find(actor.scope, license_id)) {
    throw core::not_found("license");
  }
  return store::InstallerLinkStore(*connection).list_by_license(actor.scope, license_id);
}

void revoke_installer_link(store::Database& database, const Actor& actor, core::Id license_id,
                           core::Id link_id) {
  require_change_rights(actor, "revoke installer links");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto link = store::InstallerLinkStore(*connection).find(actor.scope, link_id);
  if (!link || link->license_id != license_id) throw core::not_found("installer link");
  if (store::InstallerLinkStore(*connection).revoke(link_id, at)) {
    log_link_change(*connection, actor, *link, "installer_link.revoked", at);
  }
  transaction.commit();
}

installer::Download download_by_link(store::Database& database, const InstallerSetup& setup,
                                     const std::string& token) {
  std::optional<core::InstallerLink> link;
  {
    auto connection = database.acquire();
    link = store::InstallerLinkStore(*connection).find_by_token_hash(store::hash_token(token));
  }
  if (!link || link->revoked_at || now() >= link->expires_at) throw no_such_link();
  try {
    return download_installer(database, setup, link_actor(*link),
                              {.license_id = link->license_id,
                               .group_id = link->group_id,
                               .arch = link->arch,
                               .type = link->type},
                              [&](store::Connection& connection, core::UnixTime at) {
                                store::InstallerLinkStore(connection).count_download(link->id, at);
                              });
  } catch (const core::Error& error) {
    // An expired license or a vanished group or installer: the link just does not work.
    const auto kind = error.kind();
    if (kind != core::ErrorKind::conflict && kind != core::ErrorKind::not_found) throw;
    throw no_such_link();
  }
}

}  // namespace keyward::app
