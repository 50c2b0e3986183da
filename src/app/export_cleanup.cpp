#include "app/export_cleanup.hpp"

#include <chrono>
#include <system_error>

#include "app/export_job.hpp"
#include "store/job_store.hpp"

namespace keyward::app {
namespace {

namespace fs = std::filesystem;

// Half-written files of servers that died while writing (the export was written again).
void remove_abandoned_parts(const ExportFiles& files) {
  std::error_code error;
  const auto before =
      fs::file_time_type::clock::now() - std::chrono::seconds(kExportLifetimeSeconds);
  for (const auto& entry : fs::directory_iterator(files.dir(), error)) {
    std::error_code ignored;
    if (entry.path().extension() == ".part" && entry.last_write_time(ignored) < before) {
      fs::remove(entry.path(), ignored);
    }
  }
}
}  // namespace

std::size_t remove_expired_exports(store::Database& database, const ExportFiles& files,
                                   core::UnixTime now) {
  constexpr std::size_t kBatch = 100;
  auto connection = database.acquire();
  store::JobStore jobs(*connection);
  std::size_t removed = 0;
  for (;;) {
    const auto expired_jobs = jobs.finished_before(kExportJobKind, now - kExportLifetimeSeconds, kBatch);
    for (const auto& job : expired_jobs) {
      if (job.result) {
        std::error_code ignored;  // already gone: another server removed it
        fs::remove(files.path_of(stored_file_of(job)), ignored);
      }
      jobs.remove(job.id);
    }
    removed += expired_jobs.size();
    if (expired_jobs.size() < kBatch) break;
  }
  remove_abandoned_parts(files);
  return removed;
}
}  // namespace keyward::app
