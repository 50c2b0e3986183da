#pragma once
// Published installer MSIs per architecture (the files themselves are in the data
// directory, see installer/installer_files.hpp). Operator data: not tenant-scoped.

#include <optional>
#include <vector>

#include "core/installer_download.hpp"
#include "store/database.hpp"

namespace keyward::store {

class InstallerStore {
 public:
  explicit InstallerStore(Connection& connection) : connection_(connection) {}

  // The version after the newest of `arch` (1 for the first).
  std::int64_t next_version(core::InstallerArch arch);
  // Inserts `installer` (id ignored). Throws DbError unique_violation when another publish
  // took the same version first.
  core::InstallerVersion add(const core::InstallerVersion& installer);
  // The newest version of `arch`: what downloads serve.
  std::optional<core::InstallerVersion> current(core::InstallerArch arch);
  // Every version, by architecture and newest first.
  std::vector<core::InstallerVersion> list();

 private:
  Connection& connection_;
};

}  // namespace keyward::store
