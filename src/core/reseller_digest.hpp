#pragma once
// The resellers' daily digest (SPEC.md §7): for each reseller, every customer with a license
// at or near its seat limit, a license expiring soon, or devices not seen for the stale
// threshold. The store finds the facts with a few grouped queries over all resellers at once;
// this file holds the rules and groups the facts into one digest per reseller.

#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/license_terms.hpp"

namespace keyward::core {

struct DigestRules {
  std::int64_t seat_percent = 90;                        // used ≥ this share of the seats
  std::int64_t expiring_seconds = kExpiringSoonSeconds;  // expires within this time
  std::int64_t stale_days = 7;                           // active devices silent for longer
  int hour = 5;  // UTC hour from which the day's digest is due
};

// The day a digest belongs to (days since 1970-01-01, UTC), and whether it is due at `now`.
std::int64_t digest_day(UnixTime now);
bool digest_due(UnixTime now, const DigestRules& rules);

struct DigestLicense {
  Id id = 0;
  std::string name;  // the license's name, or its key when it has none
  std::int64_t seats_used = 0;
  std::optional<std::int64_t> seats_total;  // empty: msp (no limit)
  UnixTime expires_at = 0;
};

// One fact about one customer, as the grouped queries answer them.
struct DigestFact {
  enum class Kind { seat_limit, expiring, stale_devices } kind = Kind::seat_limit;
  Id reseller_id = 0;
  Id customer_id = 0;
  std::string customer_name;
  DigestLicense license;           // seat_limit and expiring
  std::int64_t stale_devices = 0;  // stale_devices
};

struct DigestCustomer {
  Id id = 0;
  std::string name;
  std::vector<DigestLicense> near_seat_limit;
  std::vector<DigestLicense> expiring;
  std::int64_t stale_devices = 0;
};

struct ResellerDigest {
  Id reseller_id = 0;
  std::vector<DigestCustomer> customers;  // by name (any letter case), then id
};

// The facts grouped per reseller (by id) and customer; licenses by name, then id. A reseller
// without facts has no digest.
std::vector<ResellerDigest> assemble_digests(const std::vector<DigestFact>& facts);

}  // namespace keyward::core
