#pragma once
// How a server names itself in the claims of the jobs it runs (mails, webhook deliveries, exports).

#include <string>

namespace keyward::jobs {

// Unique among the servers on one database, and readable for the operator: host, process and
// a random part (a restarted process may get the same pid).
std::string worker_name();

}  // namespace keyward::jobs
