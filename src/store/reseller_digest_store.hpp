#pragma once
// The resellers' daily digest: the facts it reports, found with one grouped query per kind over
// every reseller whose digest of the day is still open, and the record of each reseller's
// digest day that keeps it to one per day across restarts and servers.

#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/reseller_digest.hpp"
#include "store/database.hpp"
#include "store/stale_device_store.hpp"

namespace keyward::store {

struct DigestReseller {
  core::Id id = 0;
  std::string name;
};

struct DigestAdmin {
  core::Id reseller_id = 0;
  std::string email;
  core::Language language = core::Language::en;
};

class ResellerDigestStore {
 public:
  explicit ResellerDigestStore(Connection& connection) : connection_(connection) {}

  // Resellers without a recorded digest for `day`, by id.
  std::vector<DigestReseller> open_resellers(std::int64_t day);
  // What the open resellers' digests report at `now`: licenses (unexpired) with at least
  // rules.seat_percent of their seats used, licenses expiring within rules.expiring_seconds,
  // and per customer the active devices silent for more than rules.stale_days.
  std::vector<core::DigestFact> facts(std::int64_t day, const core::DigestRules& rules,
                                      core::UnixTime now);
  // The enabled administrators of the open resellers who have set their password.
  std::vector<DigestAdmin> admins(std::int64_t day);
  // Records the reseller's digest of `day`; false when it was recorded already (by another
  // server, or before a restart).
  bool record(core::Id reseller_id, std::int64_t day, std::int64_t customers, std::int64_t mails,
              core::UnixTime now);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
