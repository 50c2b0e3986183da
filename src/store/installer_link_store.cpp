#include "store/installer_link_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "k.id, k.license_id, k.customer_id, k.reseller_id, k.group_id, k.arch, k.type, "
    "k.expires_at, k.created_by, k.created_by_name, k.created_at, k.revoked_at, k.downloads, "
    "k.last_download_at";

core::InstallerLink to_link(const Row& row) {
  return core::InstallerLink{
      .id = row.int64(0),
      .license_id = row.int64(1),
      .customer_id = row.int64(2),
      .reseller_id = row.int64(3),
      .group_id = row.int64(4),
      .arch = parse_column(core::parse_installer_arch, row, 5),
      .type = parse_column(core::parse_installer_type, row, 6),
      .expires_at = row.int64(7),
      .created_by = row.opt_int64(8),
      .created_by_name = row.text(9),
      .created_at = row.int64(10),
      .revoked_at = row.opt_int64(11),
      .downloads = row.int64(12),
      .last_download_at = row.opt_int64(13),
  };
}

std::string select_links() { return "SELECT " + std::string(kColumns) + " FROM installer_links k"; }

}  // namespace

core::InstallerLink InstallerLinkStore::create(const core::InstallerLink& link,
                                               const std::string& token_hash) {
  const Row row = *connection_.query_one(
      "INSERT INTO installer_links (token_hash, license_id, customer_id, reseller_id, group_id, "
      "arch, type, expires_at, created_by, created_by_name, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      {token_hash, link.license_id, link.customer_id, link.reseller_id, link.group_id,
       std::string(core::to_string(link.arch)), std::string(core::to_string(link.type)),
       link.expires_at, nullable(link.created_by), link.created_by_name, link.created_at});
  core::InstallerLink created = link;
  created.id = row.int64(0);
  created.downloads = 0;
  created.revoked_at.reset();
  created.last_download_at.reset();
  return created;
}

std::vector<core::InstallerLink> InstallerLinkStore::list_by_license(const core::TenantScope& scope,
                                                                     core::Id license_id) {
  Params params{license_id};
  const std::string tenant = tenant_condition(scope, "k.customer_id", "k.reseller_id", params);
  std::vector<core::InstallerLink> result;
  for (const Row& row : connection_.query(select_links() + " WHERE k.license_id = $1 AND " +
                                              tenant + " ORDER BY k.created_at DESC, k.id DESC",
                                          params)) {
    result.push_back(to_link(row));
  }
  return result;
}

std::optional<core::InstallerLink> InstallerLinkStore::find(const core::TenantScope& scope,
                                                            core::Id id) {
  Params params{id};
  const std::string tenant = tenant_condition(scope, "k.customer_id", "k.reseller_id", params);
  const auto row = connection_.query_one(select_links() + " WHERE k.id = $1 AND " + tenant, params);
  if (!row) return std::nullopt;
  return to_link(*row);
}

std::optional<core::InstallerLink> InstallerLinkStore::find_by_token_hash(
    const std::string& token_hash) {
  const auto row = connection_.query_one(select_links() + " WHERE k.token_hash = $1", {token_hash});
  if (!row) return std::nullopt;
  return to_link(*row);
}

bool InstallerLinkStore::revoke(core::Id id, core::UnixTime now) {
  return connection_.execute(
             "UPDATE installer_links SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
             {id, now}) == 1;
}

void InstallerLinkStore::count_download(core::Id id, core::UnixTime now) {
  connection_.execute(
      "UPDATE installer_links SET downloads = downloads + 1, last_download_at = $2 WHERE id = $1",
      {id, now});
}

}  // namespace keyward::store
