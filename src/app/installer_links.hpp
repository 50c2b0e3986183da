#pragma once
// Shareable installer links (issue 5): a link downloads one license + group + arch + type
// without a login until it expires or is revoked.
//
// Rules:
//  - Creating and revoking needs change rights (viewers: 403), the license in scope (404)
//    and unexpired (409 license_expired); the group as for downloads (app/installers.hpp).
//    A link lives 1..kMaxLinkDays days.
//  - The token is 256 random bits, shown once in the link's URL and stored only as a hash.
//  - The public download answers 404 not_found for an unknown, expired or revoked link, or
//    one whose license has expired, with the same message: it reveals nothing else. Each
//    download through a link is counted and logged under the link ("installer link #id").

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/installers.hpp"
#include "core/installer_download.hpp"
#include "installer/download.hpp"
#include "store/database.hpp"

namespace keyward::app {

inline constexpr std::int64_t kMaxLinkDays = 90;

struct LinkRequest {
  core::Id license_id = 0;
  std::optional<core::Id> group_id;  // empty: the main group
  core::InstallerArch arch = core::InstallerArch::x64;
  core::InstallerType type = core::InstallerType::zip;
  std::int64_t expires_in_days = 7;
};

struct CreatedLink {
  core::InstallerLink link;
  std::string url;  // with the token; shown this once
};

CreatedLink create_installer_link(store::Database& database, const InstallerSetup& setup,
                                  const Actor& actor, const LinkRequest& request);
std::vector<core::InstallerLink> list_installer_links(store::Database& database, const Actor& actor,
                                                      core::Id license_id);
void revoke_installer_link(store::Database& database, const Actor& actor, core::Id license_id,
                           core::Id link_id);
installer::Download download_by_link(store::Database& database, const InstallerSetup& setup,
                                     const std::string& token);

// The public path of a link: /installer-links/<token>.
std::string installer_link_path(const std::string& token);

}  // namespace keyward::app
