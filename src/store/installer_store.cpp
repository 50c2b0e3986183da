#include "store/installer_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "id, arch, version, stored_path, original_name, size, sha256, crc32, product_version, "
    "package_code, published_by, published_at";

core::InstallerVersion to_installer(const Row& row) {
  return core::InstallerVersion{
      .id = row.int64(0),
      .arch = parse_column(core::parse_installer_arch, row, 1),
      .version = row.int64(2),
      .stored_path = row.text(3),
      .original_name = row.text(4),
      .size = static_cast<std::uint64_t>(row.int64(5)),
      .sha256 = row.text(6),
      .crc32 = static_cast<std::uint32_t>(row.int64(7)),
      .product_version = row.text(8),
      .package_code = row.text(9),
      .published_by = row.text(10),
      .published_at = row.int64(11),
  };
}

std::string arch_text(core::InstallerArch arch) { return std::string(core::to_string(arch)); }

}  // namespace

std::int64_t InstallerStore::next_version(core::InstallerArch arch) {
  return connection_
             .query_one("SELECT COALESCE(MAX(version), 0) FROM installers WHERE arch = $1",
                        {arch_text(arch)})
             ->int64(0) +
         1;
}

core::InstallerVersion InstallerStore::add(const core::InstallerVersion& installer) {
  const Row row = *connection_.query_one(
      "INSERT INTO installers (arch, version, stored_path, original_name, size, sha256, crc32, "
      "product_version, package_code, published_by, published_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      {arch_text(installer.arch), installer.version, installer.stored_path, installer.original_name,
       static_cast<std::int64_t>(installer.size), installer.sha256,
       static_cast<std::int64_t>(installer.crc32), installer.product_version,
       installer.package_code, installer.published_by, installer.published_at});
  core::InstallerVersion added = installer;
  added.id = row.int64(0);
  return added;
}

std::optional<core::InstallerVersion> InstallerStore::current(core::InstallerArch arch) {
  const auto row = connection_.query_one("SELECT " + std::string(kColumns) +
                                             " FROM installers WHERE arch = $1 "
                                             "ORDER BY version DESC LIMIT 1",
                                         {arch_text(arch)});
  if (!row) return std::nullopt;
  return to_installer(*row);
}

std::vector<core::InstallerVersion> InstallerStore::list() {
  std::vector<core::InstallerVersion> result;
  for (const Row& row : connection_.query("SELECT " + std::string(kColumns) +
                                          " FROM installers ORDER BY arch, version DESC")) {
    result.push_back(to_installer(row));
  }
  return result;
}

}  // namespace keyward::store
