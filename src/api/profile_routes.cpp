#include "api/profile_routes.hpp"

#include <array>
#include <boost/json.hpp>
#include <limits>

#include "api/portal.hpp"
#include "app/profiles.hpp"
#include "core/json_input.hpp"
#include "core/profile_settings.hpp"
#include "core/time_format.hpp"
#include "core/validation.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr std::array<std::string_view, 3> kSortKeys = {"name", "updated_at", "created_at"};

json::object listing_json(const store::ProfileListing& listing) {
  const core::Profile& profile = listing.profile;
  return {{"id", profile.id},
          {"name", profile.name},
          {"owner",
           {{"id", profile.owner_company_id},
            {"name", listing.owner_name},
            {"kind", core::to_string(listing.owner_kind)}}},
          {"current_revision", profile.current_revision},
          {"groups_using", listing.groups_using},
          {"created_at", core::format_timestamp(profile.created_at)},
          {"updated_at", core::format_timestamp(profile.updated_at)}};
}

json::object details_json(const app::ProfileDetails& details) {
  json::object object = listing_json(details.listing);
  object["settings"] = core::portal_settings_json(json::parse(details.current.settings));
  json::array revisions;
  for (const auto& revision : details.revisions) {
    json::value author = nullptr;
    if (revision.author_user_id) {
      author = json::object{{"id", *revision.author_user_id}, {"name", revision.author_name}};
    }
    revisions.push_back({{"revision", revision.revision},
                         {"created_at", core::format_timestamp(revision.created_at)},
                         {"author", std::move(author)}});
  }
  object["revisions"] = std::move(revisions);
  json::array groups;
  for (const auto& use : details.groups) {
    groups.push_back({{"id", use.group_id},
                      {"name", use.group_name},
                      {"license", {{"id", use.license_id}, {"name", use.license_name}}}});
  }
  object["groups"] = std::move(groups);
  return object;
}

// "Save & transmit": ?transmit=true, or "transmit": true in the body.
bool transmit_requested(const http::Request& request, const json::object& body) {
  bool transmit = core::optional_bool(body, "transmit", false);
  if (const auto parameter = request.query_param("transmit")) {
    if (*parameter != "true" && *parameter != "false") {
      throw core::invalid_request("transmit", "must be true or false");
    }
    transmit = transmit || *parameter == "true";
  }
  return transmit;
}

http::Response list(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::ListQuery query = list_query(request, kSortKeys, "name");
  store::ProfileFilter filter;
  if (const auto owner = request.query_param("owner_company_id")) {
    filter.owner_company_id = core::parse_integer("owner_company_id", *owner, 1, kMaxId);
  }
  const auto [profiles, total] = app::list_profiles(context.database, caller.actor, query, filter);
  json::array items;
  for (const auto& profile : profiles) items.push_back(listing_json(profile));
  return list_response(std::move(items), total, query);
}

http::Response create(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const json::object fields = json_body(request, {"name", "owner_company_id", "settings"});
  const app::ProfileDraft draft{
      core::required_text(fields, "name", 1, app::kMaxProfileName),
      core::optional_integer(fields, "owner_company_id", 1, kMaxId),
      core::parse_profile_settings(fields.contains("settings") ? fields.at("settings")
                                                               : json::value(json::object{}))};
  return http::json_response(
      201, details_json(app::create_profile(context.database, caller.actor, draft)));
}

http::Response show(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  return http::json_response(
      200, details_json(app::describe_profile(context.database, caller.actor,
                                              id_param(request, "id", "profile"))));
}

http::Response save(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t profile_id = id_param(request, "id", "profile");
  const json::object fields = json_body(request, {"name", "settings", "transmit"});
  app::ProfileSave profile_save;
  if (fields.contains("name")) {
    profile_save.name = core::required_text(fields, "name", 1, app::kMaxProfileName);
  }
  if (!fields.contains("settings")) throw core::invalid_request("settings", "is required");
  profile_save.settings = core::parse_profile_settings(fields.at("settings"));
  profile_save.transmit = transmit_requested(request, fields);
  const app::SavedProfile saved =
      app::save_profile(context.database, context.policies, caller.actor, profile_id, profile_save);
  json::object answer = details_json(saved.details);
  if (saved.transmitted) answer["transmitted"] = *saved.transmitted;
  return http::json_response(200, answer);
}

http::Response clone(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t profile_id = id_param(request, "id", "profile");
  const json::object fields = json_body(request, {"name", "owner_company_id"});
  return http::json_response(
      201, details_json(
               app::clone_profile(context.database, caller.actor, profile_id,
                                  core::required_text(fields, "name", 1, app::kMaxProfileName),
                                  core::optional_integer(fields, "owner_company_id", 1, kMaxId))));
}

http::Response remove(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::delete_profile(context.database, caller.actor, id_param(request, "id", "profile"));
  return no_content();
}

http::Response transmit(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t queued =
      app::transmit_profile(context.database, caller.actor, id_param(request, "id", "profile"));
  return http::json_response(200, json::object{{"queued", queued}});
}

}  // namespace

void add_profile_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/profiles", list);
  add_route(router, context, http::Method::post, "/api/v1/profiles", create);
  add_route(router, context, http::Method::get, "/api/v1/profiles/{id}", show);
  add_route(router, context, http::Method::put, "/api/v1/profiles/{id}", save);
  add_route(router, context, http::Method::del, "/api/v1/profiles/{id}", remove);
  add_route(router, context, http::Method::post, "/api/v1/profiles/{id}/clone", clone);
  add_route(router, context, http::Method::post, "/api/v1/profiles/{id}/transmit", transmit);
}

}  // namespace keyward::api
