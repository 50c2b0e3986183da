#include "app/stale_devices.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/device_commands.hpp"
#include "app/license_access.hpp"
#include "core/bulk_request.hpp"
#include "core/error.hpp"
#include "store/company_store.hpp"
#include "store/stale_device_store.hpp"

namespace keyward::app {
namespace {

// The devices an owner stands for, and the actor narrowed to them: a company's devices are
// exactly those its own users would see, so the per-device checks of the command use that
// scope and a device elsewhere is not found.
struct Target {
  store::DeviceTarget devices;
  Actor actor;
};

Target company_target(const Actor& actor, const core::Company& company) {
  Actor narrowed = actor;
  narrowed.scope = core::TenantScope::of(company);
  return {{narrowed.scope, std::nullopt}, narrowed};
}

Target resolve(store::Connection& connection, const Actor& actor, const StaleOwner& owner,
               bool for_change, core::UnixTime at) {
  if (owner.kind == StaleOwner::Kind::license) {
    const core::License license =
        for_change ? changeable_license(connection, actor, owner.id, "deactivate devices", at)
                   : visible_license(connection, actor, owner.id);
    return {{actor.scope, license.id}, actor};
  }
  const auto company =
      core::found(store::CompanyStore(connection).find(actor.scope, owner.id), "company");
  return company_target(actor, company);
}

store::StaleSelection selection(std::int64_t days, core::UnixTime at) {
  return {core::stale_before(at, days), at};
}

StaleDeactivationResult deactivate(store::Database& database, PolicyCache& policies,
                                   const Target& target, const core::StaleDeactivation& request,
                                   core::UnixTime at) {
  std::vector<core::Id> ids;
  std::set<core::Id> in_target;
  {
    auto connection = database.acquire();
    store::StaleDeviceStore stale(*connection);
    if (request.device_ids) {
      ids = *request.device_ids;
      in_target = stale.within(target.devices, ids);
    } else {
      ids = stale.stale_ids(target.devices, selection(request.days, at), core::kMaxBulkDevices);
      in_target.insert(ids.begin(), ids.end());
    }
  }
  const CommandRequest command{.type = "deactivate",
                               .unless_seen_since = core::stale_before(at, request.days)};
  StaleDeactivationResult result;
  result.results = for_each_device(ids, [&](core::Id device_id) {
    if (!in_target.contains(device_id)) throw core::not_found("device");
    CommandRequest one = command;
    one.device_id = device_id;
    queue_device_command(database, policies, target.actor, one);
  });
  auto connection = database.acquire();
  result.remaining =
      store::StaleDeviceStore(*connection).count(target.devices, selection(request.days, at));
  return result;
}

}  // namespace

core::Page<DeviceListItem> preview_stale_devices(store::Database& database, PolicyCache& policies,
                                                 const Actor& actor, const StaleOwner& owner,
                                                 std::int64_t days, const core::ListQuery& query) {
  auto connection = database.acquire();
  const core::UnixTime at = now();
  const Target target = resolve(*connection, actor, owner, false, at);
  const auto policy = policies.get(*connection);
  return find_devices(
      *connection, *policy, target.devices.scope,
      DeviceListRequest{
          .query = query, .license_id = target.devices.license_id, .stale_days = days},
      at);
}

StaleDeactivationResult deactivate_stale_devices(store::Database& database, PolicyCache& policies,
                                                 const Actor& actor, const StaleOwner& owner,
                                                 const core::StaleDeactivation& request) {
  require_change_rights(actor, "deactivate devices");
  const core::UnixTime at = now();
  const Target target = [&] {
    auto connection = database.acquire();
    return resolve(*connection, actor, owner, true, at);
  }();
  return deactivate(database, policies, target, request, at);
}

core::StaleRule stale_rule(store::Database& database, const Actor& actor, core::Id company_id) {
  auto connection = database.acquire();
  core::found(store::CompanyStore(*connection).find(actor.scope, company_id), "company");
  return store::StaleDeviceStore(*connection).rule(company_id).value_or(core::StaleRule{});
}

core::StaleRule set_stale_rule(store::Database& database, const Actor& actor, core::Id company_id,
                               const core::StaleRule& rule) {
  require_change_rights(actor, "change the stale-device rule");
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto company =
      core::found(store::CompanyStore(*connection).find(actor.scope, company_id), "company");
  const core::UnixTime at = now();
  store::StaleDeviceStore(*connection).save_rule(company.id, rule, at);
  log_change(*connection, actor,
             {.company_id = company.id,
              .reseller_id = reseller_of(company),
              .action = "company.stale_rule_changed",
              .details = {{"enabled", rule.enabled}, {"days", rule.days}}},
             at);
  transaction.commit();
  return rule;
}

std::int64_t apply_stale_rules(store::Database& database, PolicyCache& policies) {
  std::vector<store::EnabledStaleRule> rules;
  {
    auto connection = database.acquire();
    rules = store::StaleDeviceStore(*connection).enabled_rules();
  }
  std::int64_t deactivated = 0;
  for (const auto& rule : rules) {
    std::optional<core::Company> company;
    {
      auto connection = database.acquire();
      company = store::CompanyStore(*connection)
                    .find(core::TenantScope::operator_scope(0), rule.company_id);
    }
    if (!company) continue;
    const Actor rule_actor{std::nullopt, kStaleRuleActor, core::Role::admin,
                           core::TenantScope::of(*company)};
    const Target target = company_target(rule_actor, *company);
    // Batch after batch until a pass frees nothing more (what is left is refused, e.g. a
    // device that checked in meanwhile).
    for (;;) {
      const auto result = deactivate(database, policies, target, {.days = rule.days}, now());
      const auto done = std::count_if(result.results.begin(), result.results.end(),
                                      [](const BulkItemResult& item) { return !item.error; });
      deactivated += done;
      if (done > 0) {
        spdlog::info("stale-device rule of company {}: deactivated {} devices not seen for {} days",
                     company->id, done, rule.days);
      }
      if (done == 0 || result.remaining == 0) break;
    }
  }
  return deactivated;
}

}  // namespace keyward::app
