#pragma once
// Licenses and their activation (seat) counter.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// The license columns (`l.…` of `licenses l`) and the license read from a row that starts
// with them, for queries of other stores that join licenses.
std::string_view license_columns();
core::License license_from_row(const Row& row);

class LicenseStore {
 public:
  explicit LicenseStore(Connection& connection) : connection_(connection) {}

  // Inserts `license` (its id is ignored) and returns it with the new id. Throws DbError
  // unique_violation for a duplicate key, constraint for an msp license with a seat total or
  // a purchase license without one.
  core::License create(const core::License& license);
  std::optional<core::License> find(const core::TenantScope& scope, core::Id id);
  // Unscoped on purpose: the key is the device's credential at activation.
  std::optional<core::License> find_by_key(const std::string& key);
  // Licenses visible in `scope`, newest first.
  std::vector<core::License> list(const core::TenantScope& scope);
  // find_by_key that also locks the license row until the transaction ends (PostgreSQL;
  // SQLite's write transaction is exclusive anyway), so that activations of one license,
  // on any number of servers, decide about seats and machines one after another.
  std::optional<core::License> find_by_key_for_update(const std::string& key);
  void set_main_group(core::Id license_id, core::Id group_id);
  // The portal's editable fields (SPEC.md §3 License information). A new threshold counts as
  // reached or not by the current count, without a notice: the count did not move.
  void set_name_and_notify_at(core::Id license_id, const std::string& name,
                              std::optional<std::int64_t> notify_at, core::UnixTime now);
  // The recounted number of activations ("update license"); a CHECK keeps it within the total.
  void set_seats_used(core::Id license_id, std::int64_t seats_used, core::UnixTime now);
  // Takes one activation if one is free. A single conditional UPDATE, so concurrent callers
  // on any number of servers can never exceed the total.
  bool try_take_seat(core::Id license_id);
  // Frees one activation; false when none was in use. A count that falls below notify_at
  // re-arms the threshold notice.
  bool release_seat(core::Id license_id);
  // The operator's change of the seat total of a purchase license; false (nothing changed)
  // when more activations are in use than `seats_total` allows, decided in the UPDATE itself
  // so that a concurrent activation cannot slip past it.
  bool set_seats_total(core::Id license_id, std::int64_t seats_total, core::UnixTime now);
  // A new expiry date re-arms the expiry notices.
  void set_expiry(core::Id license_id, core::UnixTime expires_at, core::UnixTime now);
  // Notify at N (SPEC.md §2 License): true once when the active count stands at or above
  // notify_at and did not when the threshold was last looked at; call it after taking a seat,
  // in the same transaction (the seat's UPDATE holds the row, so one caller wins).
  bool claim_threshold_notice(core::Id license_id);
  // The licenses that expire within `days` days after `now` and have had no notice for as
  // few days yet; each is marked, so it is returned once per notice (by one server only).
  // Ask for the smaller period first: a license 5 days before expiry gets the 7-day notice and
  // never the 30-day one.
  std::vector<core::Id> claim_expiry_notices(std::int64_t days, core::UnixTime now);
  // Counts a new activation in the hour of `now`.
  void record_activation(core::Id license_id, core::UnixTime now);
  // New activations in the hours from the one containing `since` up to now.
  std::int64_t activations_since(core::Id license_id, core::UnixTime since);
  // Drops hourly counts older than `before` (they no longer fall into any window).
  void forget_activations_before(core::UnixTime before);

 private:
  Connection& connection_;
};

}  // namespace keyward::store
