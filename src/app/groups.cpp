#include "app/groups.hpp"

#include <algorithm>
#include <map>

#include "app/action_log.hpp"
#include "app/device_evaluation.hpp"
#include "core/error.hpp"
#include "core/group_tree.hpp"
#include "core/license_terms.hpp"
#include "core/validation.hpp"
#include "store/group_store.hpp"
#include "store/license_store.hpp"
#include "store/profile_store.hpp"

namespace keyward::app {
namespace {

core::Error conflict(const std::string& code, const std::string& message) {
  return core::Error(core::ErrorKind::conflict, code, message);
}

// A group and its license, both in the actor's scope.
struct GroupAndLicense {
  core::Group group;
  core::License license;
};

GroupAndLicense load_group(store::Connection& connection, const Actor& actor, core::Id group_id,
                           const std::string& what = "group") {
  const auto group = store::GroupStore(connection).find(actor.scope, group_id);
  if (!group) throw core::not_found(what);
  const auto license = store::LicenseStore(connection).find(actor.scope, group->license_id);
  if (!license) throw core::not_found(what);
  return {*group, *license};
}

// load_group for a change: change rights, an unexpired license, and the license's tree
// locked until the transaction ends.
GroupAndLicense load_for_change(store::Connection& connection, const Actor& actor,
                                core::Id group_id, core::UnixTime at,
                                const std::string& what = "group") {
  GroupAndLicense found = load_group(connection, actor, group_id, what);
  core::require_unexpired(found.license.expires_at, at);
  store::GroupStore(connection).lock_tree(found.license.id);
  return found;
}

std::string group_name(const std::string& name) {
  return core::require_text("name", name, 1, kMaxGroupName);
}

// Runs a write that may hit the unique sibling name.
template <typename Write>
void with_unique_name(const std::string& name, Write write) {
  try {
    write();
  } catch (const store::DbError& error) {
    if (error.db_kind() != store::DbErrorKind::unique_violation) throw;
    throw conflict("group_exists", "a group named \"" + name + "\" already exists there");
  }
}

void log_group_change(store::Connection& connection, const Actor& actor,
                      const core::License& license, const std::string& action,
                      boost::json::object details, core::UnixTime at) {
  log_change(connection, actor,
             {.company_id = license.customer_id,
              .reseller_id = license.reseller_id,
              .license_id = license.id,
              .action = action,
              .details = std::move(details)},
             at);
}

std::vector<GroupView> tree_of(store::Connection& connection, const Actor& actor,
                               core::Id license_id) {
  const auto rows = store::GroupStore(connection).tree_rows(actor.scope, license_id);
  std::vector<core::Group> groups;
  std::map<core::Id, std::int64_t> devices;
  std::map<core::Id, std::string> profile_names;
  for (const auto& row : rows) {
    groups.push_back(row.group);
    devices[row.group.id] = row.direct_devices;
    if (row.profile_name) profile_names[row.group.id] = *row.profile_name;
  }
  std::vector<GroupView> views;
  for (const core::TreeRow& row : core::order_tree(groups, devices)) {
    GroupView view{*row.group, row.depth, row.direct_devices, row.total_devices, std::nullopt};
    if (row.group->profile_id) {
      view.profile = GroupProfileRef{*row.group->profile_id, profile_names[row.group->id]};
    }
    views.push_back(std::move(view));
  }
  return views;
}

GroupView view_of(store::Connection& connection, const Actor& actor, const core::Group& group) {
  const auto tree = tree_of(connection, actor, group.license_id);
  const auto found = std::find_if(tree.begin(), tree.end(),
                                  [&](const GroupView& view) { return view.group.id == group.id; });
  if (found == tree.end()) throw core::not_found("group");
  return *found;
}

void require_main_untouched(const core::Group& group, const std::string& what) {
  if (!group.parent_id) {
    throw conflict("main_group", "the license's main group can not be " + what);
  }
}

// Moves `group` below `parent_id`, within its license and never below itself.
void move_group(store::Connection& connection, const Actor& actor, const GroupAndLicense& target,
                core::Id parent_id) {
  require_main_untouched(target.group, "moved");
  store::GroupStore groups(connection);
  const auto parent = groups.find(actor.scope, parent_id);
  if (!parent) throw core::not_found("parent group");
  if (parent->license_id != target.group.license_id) {
    throw conflict("other_license",
                   "a group can only move within its license; move devices between licenses "
                   "instead");
  }
  if (core::is_in_subtree(groups.list_by_license(actor.scope, target.license.id), target.group.id,
                          parent_id)) {
    throw conflict("group_cycle", "a group can not move below itself or one of its subgroups");
  }
  with_unique_name(target.group.name, [&] { groups.move(target.group.id, parent_id); });
}

// A customer's group that carries its reseller's profile is managed by the reseller.
void require_profile_manageable(store::Connection& connection, const Actor& actor,
                                const core::Group& group) {
  if (group.profile_id && !store::ProfileStore(connection).find(actor.scope, *group.profile_id)) {
    throw core::Error(core::ErrorKind::forbidden, "forbidden",
                      "the configuration profile of this group is managed by your reseller");
  }
}

store::ProfileListing assignable_profile(store::Connection& connection, const Actor& actor,
                                         const core::License& license, core::Id profile_id) {
  const auto profile = store::ProfileStore(connection).find(actor.scope, profile_id);
  if (!profile) throw core::not_found("profile");
  const core::Id owner = profile->profile.owner_company_id;
  if (owner != license.customer_id && owner != license.reseller_id) {
    throw conflict("profile_not_assignable",
                   "the profile belongs to another company; assign a profile of the license's "
                   "customer or of its reseller");
  }
  return *profile;
}

}  // namespace

std::vector<GroupView> group_tree(store::Database& database, const Actor& actor,
                                  core::Id license_id) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection, false);
  if (!store::LicenseStore(*connection).find(actor.scope, license_id)) {
    throw core::not_found("license");
  }
  return tree_of(*connection, actor, license_id);
}

GroupView describe_group(store::Database& database, const Actor& actor, core::Id group_id) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection, false);
  return view_of(*connection, actor, load_group(*connection, actor, group_id).group);
}

GroupView create_group(store::Database& database, const Actor& actor, core::Id parent_id,
                       const std::string& name) {
  require_change_rights(actor, "create groups");
  const std::string checked = group_name(name);
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const auto parent = load_for_change(*connection, actor, parent_id, at, "parent group");
  core::Group group;
  with_unique_name(checked, [&] {
    group = store::GroupStore(*connection).create_subgroup(parent.group.id, checked, at);
  });
  log_group_change(*connection, actor, parent.license, "group.created",
                   {{"group_id", group.id}, {"name", checked}, {"parent_id", parent.group.id}}, at);
  transaction.commit();
  return view_of(*connection, actor, group);
}

GroupView change_group(store::Database& database, const Actor& actor, core::Id group_id,
                       const GroupChange& change) {
  require_change_rights(actor, "change groups");
  const std::optional<std::string> name =
      change.name ? std::optional(group_name(*change.name)) : std::nullopt;
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  GroupAndLicense target = load_for_change(*connection, actor, group_id, at);
  boost::json::object details{{"group_id", group_id}};
  if (name && *name != target.group.name) {
    with_unique_name(*name, [&] { store::GroupStore(*connection).rename(group_id, *name); });
    details["name"] = {{"from", target.group.name}, {"to", *name}};
    target.group.name = *name;
  }
  if (change.parent_id && change.parent_id != target.group.parent_id) {
    move_group(*connection, actor, target, *change.parent_id);
    details["parent_id"] = {{"from", *target.group.parent_id}, {"to", *change.parent_id}};
  }
  if (details.size() > 1) {
    log_group_change(*connection, actor, target.license, "group.changed", std::move(details), at);
  }
  transaction.commit();
  return view_of(*connection, actor, target.group);
}

void delete_group(store::Database& database, const Actor& actor, core::Id group_id) {
  require_change_rights(actor, "delete groups");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const GroupAndLicense target = load_for_change(*connection, actor, group_id, at);
  require_main_untouched(target.group, "deleted");
  store::GroupStore groups(*connection);
  const auto not_empty = [] {
    return conflict("group_not_empty",
                    "the group still has devices or subgroups; move or delete them first");
  };
  if (groups.count_members(group_id) > 0) throw not_empty();
  try {
    groups.remove(group_id);
  } catch (const store::DbError& error) {
    // A device moved in after the check (PostgreSQL): its reference wins.
    if (error.db_kind() != store::DbErrorKind::constraint) throw;
    throw not_empty();
  }
  log_group_change(*connection, actor, target.license, "group.deleted",
                   {{"group_id", group_id}, {"name", target.group.name}}, at);
  transaction.commit();
}

GroupView set_group_profile(store::Database& database, PolicyCache& policies, const Actor& actor,
                            core::Id group_id, std::optional<core::Id> profile_id) {
  require_change_rights(actor, "assign configuration profiles");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  store::Transaction transaction(*connection);
  GroupAndLicense target = load_for_change(*connection, actor, group_id, at);
  require_profile_manageable(*connection, actor, target.group);
  boost::json::object details{{"group_id", group_id}, {"name", target.group.name}};
  if (profile_id) {
    const auto profile = assignable_profile(*connection, actor, target.license, *profile_id);
    details["profile"] = {{"id", profile.profile.id}, {"name", profile.profile.name}};
  }
  if (profile_id != target.group.profile_id) {
    store::GroupStore(*connection).set_profile(group_id, profile_id);
    refresh_selected_status_flags(*connection, *policy, {.group_id = group_id}, at);
    log_group_change(*connection, actor, target.license,
                     profile_id ? "group.profile_assigned" : "group.profile_removed",
                     std::move(details), at);
  }
  transaction.commit();
  target.group.profile_id = profile_id;
  return view_of(*connection, actor, target.group);
}

}  // namespace keyward::app
