#include "app/profiles.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <stdexcept>

#include "app/action_log.hpp"
#include "app/companies.hpp"
#include "app/device_commands.hpp"
#include "app/device_evaluation.hpp"
#include "app/secrets.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "store/company_store.hpp"

namespace keyward::app {
namespace {

std::string profile_name(const std::string& name) {
  return core::require_text("name", name, 1, kMaxProfileName);
}

store::ProfileListing load_profile(store::Connection& connection, const Actor& actor,
                                   core::Id profile_id) {
  return core::found(store::ProfileStore(connection).find(actor.scope, profile_id), "profile");
}

// The company that will own a profile: named, or the actor's own; a reseller or customer
// within the actor's scope.
core::Company owner_company(store::Connection& connection, const Actor& actor,
                            std::optional<core::Id> owner_company_id) {
  const core::Id id = owner_company_id.value_or(actor.scope.company_id());
  const auto company = store::CompanyStore(connection).find(actor.scope, id);
  if (!company) throw core::not_found("company");
  if (company->kind == core::CompanyKind::operator_) {
    throw core::invalid_request("owner_company_id",
                                owner_company_id ? "must be a reseller or a customer"
                                                 : "is required: name the reseller or customer "
                                                   "that owns the profile");
  }
  return *company;
}

void log_profile_change(store::Connection& connection, const Actor& actor,
                        const core::Company& owner, const std::string& action,
                        boost::json::object details, core::UnixTime at) {
  log_change(connection, actor,
             {.company_id = owner.id,
              .reseller_id = reseller_of(owner),
              .action = action,
              .details = std::move(details)},
             at);
}

using PasswordHasher = std::function<std::string(std::string_view)>;

// Hashes a new settings password at once: Argon2 is slow on purpose, and a save must not
// hold the database's write lock meanwhile. The hasher then only hands out that hash.
PasswordHasher prehashed(const core::ProfileSettings& settings) {
  if (settings.settings_password.action != core::SecretChange::Action::set) {
    return [](std::string_view) -> std::string { throw std::logic_error("no new password"); };
  }
  return
      [hash = hash_password(settings.settings_password.value)](std::string_view) { return hash; };
}

// The settings as stored, with the secrets of `previous` (a stored revision, or nothing)
// kept where the request keeps them.
std::string stored_settings(const core::ProfileSettings& settings,
                            const std::optional<std::string>& previous,
                            const PasswordHasher& hasher) {
  const core::StoredSecrets old_secrets =
      previous ? core::stored_secrets(boost::json::parse(*previous)) : core::StoredSecrets{};
  const core::StoredSecrets secrets = core::resolve_secrets(settings, old_secrets, hasher);
  return boost::json::serialize(core::device_settings_json(settings, secrets));
}

ProfileDetails details_of(store::Connection& connection, const Actor& actor, core::Id profile_id) {
  store::ProfileStore profiles(connection);
  ProfileDetails details{load_profile(connection, actor, profile_id), {}, {}, {}};
  details.current = profiles.current(profile_id);
  details.revisions = profiles.revisions(profile_id);
  details.groups = profiles.groups_using(actor.scope, profile_id);
  return details;
}

core::Company owner_of(store::Connection& connection, const Actor& actor,
                       const store::ProfileListing& profile) {
  return owner_company(connection, actor, profile.profile.owner_company_id);
}

std::int64_t queue_transmission(store::Connection& connection, const Actor& actor,
                                const store::ProfileListing& profile, core::UnixTime at) {
  store::ProfileStore profiles(connection);
  const boost::json::object payload = apply_settings_payload(profiles.current(profile.profile.id));
  const auto devices = profiles.devices_to_transmit(actor.scope, profile.profile.id, at);
  for (const core::Device& device : devices) {
    queue_prepared_command(connection, actor, device, "apply_settings", payload, at);
  }
  log_profile_change(connection, actor, owner_of(connection, actor, profile), "profile.transmitted",
                     {{"profile_id", profile.profile.id},
                      {"revision", profile.profile.current_revision},
                      {"devices", static_cast<std::int64_t>(devices.size())}},
                     at);
  return static_cast<std::int64_t>(devices.size());
}

}  // namespace

std::pair<std::vector<store::ProfileListing>, std::int64_t> list_profiles(
    store::Database& database, const Actor& actor, const core::ListQuery& query,
    const store::ProfileFilter& filter) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection, false);
  return store::ProfileStore(*connection).list(actor.scope, query, filter);
}

ProfileDetails describe_profile(store::Database& database, const Actor& actor,
                                core::Id profile_id) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection, false);
  return details_of(*connection, actor, profile_id);
}

ProfileDetails create_profile(store::Database& database, const Actor& actor,
                              const ProfileDraft& draft) {
  require_change_rights(actor, "create configuration profiles");
  const std::string name = profile_name(draft.name);
  const std::string settings =
      stored_settings(draft.settings, std::nullopt, prehashed(draft.settings));
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const core::Company owner = owner_company(*connection, actor, draft.owner_company_id);
  const core::Profile profile =
      store::ProfileStore(*connection).create(owner.id, name, settings, actor.user_id, at);
  log_profile_change(*connection, actor, owner, "profile.created",
                     {{"profile_id", profile.id}, {"name", name}}, at);
  transaction.commit();
  return details_of(*connection, actor, profile.id);
}

SavedProfile save_profile(store::Database& database, PolicyCache& policies, const Actor& actor,
                          core::Id profile_id, const ProfileSave& save) {
  require_change_rights(actor, "change configuration profiles");
  const std::optional<std::string> name =
      save.name ? std::optional(profile_name(*save.name)) : std::nullopt;
  const PasswordHasher hasher = prehashed(save.settings);
  const core::UnixTime at = now();
  auto connection = database.acquire();
  const auto policy = policies.get(*connection);
  store::Transaction transaction(*connection);
  store::ProfileListing profile = load_profile(*connection, actor, profile_id);
  store::ProfileStore profiles(*connection);
  const std::string settings =
      stored_settings(save.settings, profiles.current(profile_id).settings, hasher);
  if (name && *name != profile.profile.name) profiles.rename(profile_id, *name, at);
  profile.profile.current_revision = profiles.add_revision(profile_id, settings, actor.user_id, at);
  refresh_selected_status_flags(*connection, *policy, {.profile_id = profile_id}, at);
  const core::Company owner = owner_of(*connection, actor, profile);
  boost::json::object details{{"profile_id", profile_id},
                              {"revision", profile.profile.current_revision}};
  if (name && *name != profile.profile.name) {
    details["name"] = {{"from", profile.profile.name}, {"to", *name}};
  }
  log_profile_change(*connection, actor, owner, "profile.saved", std::move(details), at);
  SavedProfile saved;
  if (save.transmit) saved.transmitted = queue_transmission(*connection, actor, profile, at);
  transaction.commit();
  saved.details = details_of(*connection, actor, profile_id);
  return saved;
}

ProfileDetails clone_profile(store::Database& database, const Actor& actor, core::Id profile_id,
                             const std::string& name, std::optional<core::Id> owner_company_id) {
  require_change_rights(actor, "create configuration profiles");
  const std::string checked = profile_name(name);
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const store::ProfileListing original = load_profile(*connection, actor, profile_id);
  const core::Company owner = owner_company(
      *connection, actor, owner_company_id.value_or(original.profile.owner_company_id));
  store::ProfileStore profiles(*connection);
  const core::Profile copy =
      profiles.create(owner.id, checked, profiles.current(profile_id).settings, actor.user_id, at);
  log_profile_change(*connection, actor, owner, "profile.cloned",
                     {{"profile_id", copy.id},
                      {"name", checked},
                      {"from_profile_id", profile_id},
                      {"from_revision", original.profile.current_revision}},
                     at);
  transaction.commit();
  return details_of(*connection, actor, copy.id);
}

void delete_profile(store::Database& database, const Actor& actor, core::Id profile_id) {
  require_change_rights(actor, "delete configuration profiles");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const store::ProfileListing profile = load_profile(*connection, actor, profile_id);
  const auto in_use = [] {
    return core::Error(core::ErrorKind::conflict, "profile_in_use",
                       "groups use this profile; assign them another one first");
  };
  if (profile.groups_using > 0) throw in_use();
  const core::Company owner = owner_of(*connection, actor, profile);
  try {
    store::ProfileStore(*connection).remove(profile_id);
  } catch (const store::DbError& error) {
    // A group took the profile after the check: its reference wins.
    if (error.db_kind() != store::DbErrorKind::constraint) throw;
    throw in_use();
  }
  log_profile_change(*connection, actor, owner, "profile.deleted",
                     {{"profile_id", profile_id}, {"name", profile.profile.name}}, at);
  transaction.commit();
}

std::int64_t transmit_profile(store::Database& database, const Actor& actor, core::Id profile_id) {
  require_change_rights(actor, "transmit configuration profiles");
  const core::UnixTime at = now();
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  const std::int64_t queued =
      queue_transmission(*connection, actor, load_profile(*connection, actor, profile_id), at);
  transaction.commit();
  return queued;
}

}  // namespace keyward::app
