#pragma once
// Exports of the licenses table and the device lists (SPEC.md §3, §7): a user asks for one
// (a job row), a worker on any server writes the file below the data directory, and only
// that user can see the job and fetch the file, for a day after it was written. The rows are
// exactly the list on screen: the same query (filters, search, sort) read as one stream, and
// the columns the user shows in that table, in the user's language.

#include <filesystem>
#include <optional>
#include <string>

#include "app/authentication.hpp"
#include "core/error.hpp"
#include "core/export_request.hpp"
#include "store/database.hpp"

namespace keyward::app {

// How long a written export can be fetched; the maintenance pass removes it afterwards.
inline constexpr core::UnixTime kExportLifetimeSeconds = 24 * 3600;

// The files: <data-dir>/exports/<job id>-<random>.<xlsx|csv>, written as .part first.
class ExportFiles {
 public:
  explicit ExportFiles(std::filesystem::path data_dir) : dir_(std::move(data_dir) / "exports") {}
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path path_of(const std::string& stored_name) const { return dir_ / stored_name; }

 private:
  std::filesystem::path dir_;
};

// Where the owner fetches a finished export: the API answer's download_url, and the link of
// the export_done mail and webhook (after the portal's URL).
std::string export_download_path(core::Id id);

struct ExportState {
  core::Id id = 0;
  std::string table;   // licenses | devices
  std::string format;  // xlsx | csv
  std::string status;  // pending | running | done | failed
  std::optional<std::int64_t> rows;         // when done
  std::optional<core::Error> error;         // when failed
  core::UnixTime created_at = 0;
  std::optional<core::UnixTime> expires_at;  // when done or failed
};

// Queues an export of what `caller` sees, with the columns of the caller's table settings.
// 404 "license not found" for a license_id the caller can not see; 400 `invalid_sort` for a
// sort key the list does not have.
ExportState request_export(store::Database& database, const Authenticated& caller,
                           const core::ExportRequest& request);

// The caller's own export: 404 "export not found" for other users' exports (whoever they are)
// and for expired ones.
ExportState export_state(store::Database& database, const Actor& actor, core::Id id,
                         core::UnixTime now);

struct ExportDownload {
  std::filesystem::path path;
  std::string file_name;  // ASCII only: keyward-devices-2026-11-28-2049.xlsx
  std::string content_type;
};

// The file of the caller's own finished export; 404 as export_state, and while it is not done.
ExportDownload export_download(store::Database& database, const ExportFiles& files,
                               const Actor& actor, core::Id id, core::UnixTime now);

}  // namespace keyward::app
