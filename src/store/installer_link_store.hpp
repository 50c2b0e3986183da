#pragma once
// Shareable installer download links. Tenant reads go through the license's customer and
// reseller columns (copied onto the link); the public download finds a link by its token's
// hash only.

#include <optional>
#include <string>
#include <vector>

#include "core/installer_download.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

class InstallerLinkStore {
 public:
  explicit InstallerLinkStore(Connection& connection) : connection_(connection) {}

  // Inserts `link` (id, downloads and revocation ignored) with the token's hash.
  core::InstallerLink create(const core::InstallerLink& link, const std::string& token_hash);
  // The license's links visible in `scope`, newest first.
  std::vector<core::InstallerLink> list_by_license(const core::TenantScope& scope,
                                                   core::Id license_id);
  std::optional<core::InstallerLink> find(const core::TenantScope& scope, core::Id id);
  // Unscoped on purpose: the token is the credential of a public download.
  std::optional<core::InstallerLink> find_by_token_hash(const std::string& token_hash);
  // False when it was revoked already.
  bool revoke(core::Id id, core::UnixTime now);
  void count_download(core::Id id, core::UnixTime now);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
