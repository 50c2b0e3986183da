#pragma once
// Writing exports (app/exports), on the server's export worker: claim due exports and write
// each one's file from the list query it names, streamed row by row.

#include <atomic>
#include <cstddef>
#include <string>

#include "app/exports.hpp"
#include "app/policy.hpp"
#include "store/database.hpp"

namespace keyward::app {

// Claims due exports (and ones whose server died while writing) for `worker`
// and writes them one after another; returns how many it handled. A failure of one export
// is recorded on its job (the message a user may see; details go to the log).
std::size_t run_due_exports(store::Database& database, PolicyCache& policies,
                            const ExportFiles& files, const std::string& worker,
                            const std::atomic<bool>& stopping);
// Hands back the exports a stopping worker holds, so the next start or another server
// resumes them at once.
void release_export_claims(store::Database& database, const std::string& worker);

}  // namespace keyward::app
