#pragma once
// The stale devices of a tenant or one license (core/stale_devices.hpp) and the companies'
// automatic stale-device rules.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/stale_devices.hpp"
#include "core/tenant.hpp"
#include "store/database.hpp"

namespace keyward::store {

// Active devices of licenses unexpired at `now` whose last contact lies before
// `contact_before`.
struct StaleSelection {
  core::UnixTime contact_before = 0;
  core::UnixTime now = 0;
};

// Devices `d` last in contact before `before`: the contact day narrows the search on the
// (…, last_contact_day) indexes, the time decides. Its values are bound into `params`.
std::string contact_before_condition(core::UnixTime before, Params& params);

// The selection as a condition on `devices d`, its values bound into `params`.
std::string stale_condition(const StaleSelection& selection, Params& params);

// Where stale devices are looked for: a tenant scope, optionally narrowed to one license.
struct DeviceTarget {
  core::TenantScope scope;
  std::optional<core::Id> license_id;
};

struct EnabledStaleRule {
  core::Id company_id = 0;
  std::int64_t days = 0;
};

class StaleDeviceStore {
 public:
  explicit StaleDeviceStore(Connection& connection) : connection_(connection) {}

  // The target's stale devices, longest silent first, at most `limit`.
  std::vector<core::Id> stale_ids(const DeviceTarget& target, const StaleSelection& selection,
                                  std::size_t limit);
  std::int64_t count(const DeviceTarget& target, const StaleSelection& selection);
  // Those of `ids` that are devices of the target, whatever their state.
  std::set<core::Id> within(const DeviceTarget& target, const std::vector<core::Id>& ids);

  // The company's rule, if one was stored.
  std::optional<core::StaleRule> rule(core::Id company_id);
  void save_rule(core::Id company_id, const core::StaleRule& rule, core::UnixTime now);
  std::vector<EnabledStaleRule> enabled_rules();

 private:
  Connection& connection_;
};

}  // namespace keyward::store
