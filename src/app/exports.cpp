#include "app/exports.hpp"

#include <boost/json.hpp>

#include "app/export_job.hpp"
#include "app/license_access.hpp"
#include "core/preferences.hpp"
#include "store/job_store.hpp"

namespace keyward::app {
namespace {

namespace json = boost::json;

std::string api_status(store::JobStatus status) {
  switch (status) {
    case store::JobStatus::queued:
      return "pending";
    case store::JobStatus::running:
      return "running";
    case store::JobStatus::done:
      return "done";
    case store::JobStatus::failed:
      return "failed";
  }
  return "failed";
}

bool expired(const store::Job& job, core::UnixTime now) {
  return job.finished_at && *job.finished_at + kExportLifetimeSeconds <= now;
}

ExportState state_of(const store::Job& job) {
  const ExportJob stored = job_of(job.payload);
  ExportState state{.id = job.id,
                    .table = std::string(core::to_string(stored.request.table)),
                    .format = std::string(core::to_string(stored.request.format)),
                    .status = api_status(job.status),
                    .created_at = job.created_at};
  if (job.finished_at) state.expires_at = *job.finished_at + kExportLifetimeSeconds;
  if (job.status == store::JobStatus::done && job.result) {
    state.rows = json::parse(*job.result).at("rows").as_int64();
  }
  if (job.status == store::JobStatus::failed) {
    state.error = core::Error(core::ErrorKind::internal, "export_failed",
                              job.error.value_or("the export failed"));
  }
  return state;
}

store::Job owned_job(store::Connection& connection, const Actor& actor, core::Id id,
                     core::UnixTime now) {
  // Only users ask for exports; the command line has no user and so no exports.
  if (!actor.user_id) throw core::not_found("export");
  auto job = store::JobStore(connection).find_owned(id, kExportJobKind, *actor.user_id);
  if (!job || expired(*job, now)) throw core::not_found("export");
  return *job;
}
std::string content_type_of(core::ExportFormat format) {
  return format == core::ExportFormat::xlsx
             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
             : "text/csv; charset=utf-8";
}
}  // namespace

std::string export_download_path(core::Id id) {
  return "/api/v1/exports/" + std::to_string(id) + "/file";
}

ExportState request_export(store::Database& database, const Authenticated& caller,
                           const core::ExportRequest& request) {
  list_query_of(request);  // a wrong sort key is refused now, not when the job runs
  const core::Preferences preferences =
      core::read_stored_preferences(caller.user.preferences, caller.user.language);
  const ExportJob job{request,
                      request.table == core::ExportTable::licenses ? preferences.licenses.columns
                                                                   : preferences.devices.columns,
                      caller.user.language};
  auto connection = database.acquire();
  if (request.license_id) visible_license(*connection, caller.actor, *request.license_id);
  const core::UnixTime at = now();
  return state_of(store::JobStore(*connection)
                      .enqueue({.kind = std::string(kExportJobKind),
                                .payload = payload_of(job),
                                .owner_user_id = caller.user.id,
                                .company_id = caller.company.id,
                                .run_at = at,
                                .created_at = at}));
}

ExportState export_state(store::Database& database, const Actor& actor, core::Id id,
                         core::UnixTime now) {
  auto connection = database.acquire();
  return state_of(owned_job(*connection, actor, id, now));
}

ExportDownload export_download(store::Database& database, const ExportFiles& files,
                               const Actor& actor, core::Id id, core::UnixTime now) {
  auto connection = database.acquire();
  const store::Job job = owned_job(*connection, actor, id, now);
  if (job.status != store::JobStatus::done || !job.result) throw core::not_found("export file");
  const ExportJob stored = job_of(job.payload);
  return {files.path_of(stored_file_of(job)),
          std::string(json::parse(*job.result).at("name").as_string()),
          content_type_of(stored.request.format)};
}
}  // namespace keyward::app
