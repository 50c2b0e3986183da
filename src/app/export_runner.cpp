#include "app/export_runner.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <system_error>

#include "app/device_list.hpp"
#include "app/companies.hpp"
#include "app/events.hpp"
#include "app/export_columns.hpp"
#include "app/export_job.hpp"
#include "app/exports.hpp"
#include "app/license_access.hpp"
#include "app/license_queries.hpp"
#include "app/secrets.hpp"
#include "core/time_format.hpp"
#include "export/csv_writer.hpp"
#include "export/pipelined_writer.hpp"
#include "export/xlsx_writer.hpp"
#include "store/job_store.hpp"

namespace keyward::app {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// A claim older than this belongs to a server that died while writing (100,000 rows take
// about a second); the export is then written again by whoever claims it next.
constexpr core::UnixTime kLeaseSeconds = 10 * 60;
// An export that brought its server down this often is given up.
constexpr std::int64_t kMaxAttempts = 3;
constexpr std::size_t kClaimBatch = 1;

LicenseListRequest license_list_of(const core::ExportRequest& request) {
  const core::LicenseState state = core::license_state(request);
  return {.query = list_query_of(request),
          .customer_id = request.customer_id,
          .hide_expired = state == core::LicenseState::active,
          .only_expired = state == core::LicenseState::expired};
}

DeviceListRequest device_list_of(const core::ExportRequest& request) {
  return {.query = list_query_of(request),
          .license_id = request.license_id,
          .group_id = request.group_id,
          .statuses = core::device_statuses(request)};
}
// keyward-devices-2026-11-28-2049.xlsx: the moment it was written, in UTC; ASCII only, so
// the Content-Disposition header needs no encoding and can carry nothing of the user's.
std::string download_name(const ExportJob& job, core::UnixTime written_at) {
  std::string stamp = core::format_timestamp(written_at);  // 2026-11-28T20:49:37Z
  stamp = stamp.substr(0, 10) + "-" + stamp.substr(11, 2) + stamp.substr(14, 2);
  return "keyward-" + std::string(core::to_string(job.request.table)) + "-" + stamp + "." +
         std::string(core::to_string(job.request.format));
}
// The file's writer, on a thread of its own (exports/pipelined_writer): the rows are read
// while the ones before are written.
std::unique_ptr<exports::TableWriter> open_writer(const ExportJob& job, const fs::path& path,
                                                  const std::vector<exports::Column>& header,
                                                  const fs::path& temp_dir) {
  if (job.request.format == core::ExportFormat::csv) {
    return exports::pipelined(exports::open_csv_writer(path, header));
  }
  const bool german = job.language == core::Language::de;
  const std::string sheet = job.request.table == core::ExportTable::licenses
                                ? (german ? "Lizenzen" : "Licenses")
                                : (german ? "Geräte" : "Devices");
  return exports::pipelined(exports::open_xlsx_writer(path, header, sheet, temp_dir));
}

// Streams the list into `writer`; returns the number of rows.
template <typename Columns, typename ForEach>
std::int64_t write_rows(const ExportJob& job, const fs::path& path, const fs::path& temp_dir,
                        ForEach for_each) {
  const Columns columns(job.columns, job.language);
  auto writer = open_writer(job, path, columns.header(), temp_dir);
  std::vector<exports::Cell> cells;
  std::int64_t rows = 0;
  for_each([&](const auto& item) {
    columns.fill(item, cells);
    writer->write_row(cells);
    ++rows;
  });
  writer->finish();
  return rows;
}

// The user who asked for the export, if they can still sign in.
Authenticated export_owner(store::Connection& connection, const store::Job& job) {
  auto owner = job.owner_user_id ? signed_in_user(connection, *job.owner_user_id) : std::nullopt;
  if (!owner) {
    throw core::Error(core::ErrorKind::not_found, "owner_gone",
                      "the user who asked for the export can no longer sign in");
  }
  return std::move(*owner);
}

// Writes the export's file under the rights its owner has now (a license they lost meanwhile
// is "not found"); returns the rows written.
std::int64_t write_export(store::Database& database, PolicyCache& policies,
                          const Authenticated& owner, const ExportJob& stored,
                          const fs::path& path, const fs::path& temp_dir) {
  auto connection = database.acquire();
  const Actor& actor = owner.actor;
  const core::UnixTime at = now();
  if (stored.request.table == core::ExportTable::licenses) {
    const LicenseListRequest list = license_list_of(stored.request);
    return write_rows<LicenseExportColumns>(stored, path, temp_dir, [&](const auto& visit) {
      for_each_license(*connection, actor.scope, list, at, visit);
    });
  }
  const DeviceListRequest list = device_list_of(stored.request);
  if (list.license_id) visible_license(*connection, actor, *list.license_id);
  const auto policy = policies.get(*connection);
  return write_rows<DeviceExportColumns>(stored, path, temp_dir, [&](const auto& visit) {
    for_each_device(*connection, *policy, actor.scope, list, at, visit);
  });
}

// The message a failed export shows its user: our own errors say what happened; anything
// else (a full disk, a database error with SQL in it) goes to the log only.
std::string failure_message(const std::exception& error) {
  const auto* known = dynamic_cast<const core::Error*>(&error);
  if (known != nullptr && dynamic_cast<const store::DbError*>(&error) == nullptr) {
    return known->what();
  }
  return "the export could not be written; the server log has the details";
}

// The export_done event of a written export: its owner's company's webhooks and a mail to
// the owner, with a link to the file (which only the owner can fetch).
core::Event export_done_event(const store::Job& job, const Authenticated& owner,
                              const ExportJob& stored, std::int64_t rows) {
  return core::Event{
      .type = core::EventType::export_done,
      .customer_id = owner.company.id,
      .reseller_id = reseller_of(owner.company),
      .user_id = owner.user.id,
      .data = {{"export", {{"id", job.id}, {"rows", rows}}},
               {"table", core::to_string(stored.request.table)},
               {"format", core::to_string(stored.request.format)},
               {"download_url", portal_url() + export_download_path(job.id)}},
      .occurred_at = now()};
}

// Ends the job as done (with `result`, dispatching `done`) or failed (with `error`); the
// event commits with the job's new state or not at all.
void record(store::Database& database, const std::string& worker, const store::Job& job,
            const std::optional<std::string>& result, const std::string& error,
            const std::optional<core::Event>& done = std::nullopt) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::JobStore jobs(*connection);
  const bool recorded = result ? jobs.finish(job.id, worker, *result, now())
                               : jobs.fail(job.id, worker, error, now());
  if (!recorded) {
    spdlog::warn("export {}: another server took it over meanwhile", job.id);
    return;
  }
  if (done) EventDispatcher(*connection).dispatch(*done);
  transaction.commit();
}

void run_export(store::Database& database, PolicyCache& policies, const ExportFiles& files,
                const std::string& worker, const store::Job& job) {
  if (job.attempts > kMaxAttempts) {
    record(database, worker, job, std::nullopt,
           "the export was given up after " + std::to_string(kMaxAttempts) + " attempts");
    return;
  }
  std::error_code ignored;
  try {
    const ExportJob stored = job_of(job.payload);
    fs::create_directories(files.dir());
    const std::string name = std::to_string(job.id) + "-" + new_token("").substr(0, 22) + "." +
                             std::string(core::to_string(stored.request.format));
    const fs::path part = files.path_of(name + ".part");
    const auto started = std::chrono::steady_clock::now();
    const Authenticated owner = export_owner(*database.acquire(), job);
    std::int64_t rows = 0;
    try {
      rows = write_export(database, policies, owner, stored, part, files.dir());
      fs::rename(part, files.path_of(name));
    } catch (...) {
      fs::remove(part, ignored);
      throw;
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("export {}: {} rows of {} as {} in {} ms", job.id, rows,
                 core::to_string(stored.request.table), core::to_string(stored.request.format),
                 took.count());
    record(database, worker, job,
           json::serialize(json::object{{"file", name},
                                        {"name", download_name(stored, now())},
                                        {"rows", rows}}),
           "", export_done_event(job, owner, stored, rows));
  } catch (const std::exception& error) {
    spdlog::warn("export {} failed: {}", job.id, error.what());
    record(database, worker, job, std::nullopt, failure_message(error));
  }
}
}  // namespace

std::size_t run_due_exports(store::Database& database, PolicyCache& policies,
                            const ExportFiles& files, const std::string& worker,
                            const std::atomic<bool>& stopping) {
  std::size_t handled = 0;
  while (!stopping) {
    std::vector<store::Job> claimed;
    {
      auto connection = database.acquire();
      store::Transaction transaction(*connection);
      const core::UnixTime at = now();
      claimed = store::JobStore(*connection)
                    .claim(kExportJobKind, worker, at, at - kLeaseSeconds, kClaimBatch);
      transaction.commit();
    }
    if (claimed.empty()) break;
    for (const auto& job : claimed) run_export(database, policies, files, worker, job);
    handled += claimed.size();
  }
  return handled;
}

void release_export_claims(store::Database& database, const std::string& worker) {
  auto connection = database.acquire();
  store::JobStore(*connection).release(worker);
}
}  // namespace keyward::app
