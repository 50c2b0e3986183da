#pragma once
// An export as its job row keeps it (app/exports): the request, and the columns and
// language of the user at the moment they asked, so the file shows the table as it was on
// their screen. Shared by the side that queues and shows exports and the one that writes them.

#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/export_request.hpp"
#include "core/list_query.hpp"
#include "store/job_store.hpp"

namespace keyward::app {

// The kind of the export jobs in the jobs table.
inline constexpr std::string_view kExportJobKind = "export";

struct ExportJob {
  core::ExportRequest request;
  std::vector<std::string> columns;
  core::Language language = core::Language::en;
};

// The job's payload (JSON) and back.
std::string payload_of(const ExportJob& job);
ExportJob job_of(const std::string& payload);

// The list's search and sort, checked against the list's own sort keys (400 invalid_sort).
core::ListQuery list_query_of(const core::ExportRequest& request);

// The name of a written export's file in the exports directory (from the job's result).
std::string stored_file_of(const store::Job& job);

}  // namespace keyward::app
