#include "api/installer_routes.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <limits>

#include "api/installer_json.hpp"
#include "api/portal.hpp"
#include "app/installer_links.hpp"
#include "app/installers.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"
#include "core/time_format.hpp"
#include "core/validation.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

app::InstallerSetup setup_of(const ApiContext& context) {
  return {installer::InstallerFiles(context.config.data_dir, context.config.work_dir),
          context.config.public_url};
}

json::value optional_time(const std::optional<core::UnixTime>& at) {
  return at ? json::value(core::format_timestamp(*at)) : json::value(nullptr);
}

std::string required_query(const http::Request& request, const std::string& name,
                           const std::string& expected) {
  auto value = request.query_param(name);
  if (!value || value->empty()) throw core::invalid_request(name, "is required (" + expected + ")");
  return *value;
}

core::InstallerArch arch_param(const http::Request& request) {
  return core::require_installer_arch("arch", required_query(request, "arch", "x64 or x86"));
}

core::InstallerType type_param(const http::Request& request) {
  return core::require_installer_type(
      "type", required_query(request, "type", "zip, config, msi or msi-original"));
}

std::optional<core::Id> group_param(const http::Request& request) {
  const auto text = request.query_param("group");
  if (!text) return std::nullopt;
  core::Id id = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || id <= 0) {
    throw core::invalid_request("group", "must be a group id");
  }
  return id;
}

// The file as an attachment, streamed part by part.
http::Response file_response(installer::Download download) {
  http::Response response;
  response.set_header("content-type", download.content_type);
  response.set_header("content-disposition", "attachment; filename=\"" + download.file_name + "\"");
  // Downloads carry the license key: no cache may keep them.
  response.set_header("cache-control", "no-store");
  for (auto& part : download.parts) {
    if (part.file) {
      const int fd = part.file->fd();
      const std::uint64_t size = part.file->size();
      response.more_body.emplace_back(http::FileRange{std::move(part.file), fd, 0, size});
    } else {
      response.more_body.emplace_back(std::move(part.text));
    }
  }
  return response;
}

std::string link_status(const core::InstallerLink& link, core::UnixTime now) {
  if (link.revoked_at) return "revoked";
  return now >= link.expires_at ? "expired" : "active";
}

json::object link_json(const core::InstallerLink& link, core::UnixTime now) {
  return {{"id", link.id},
          {"license_id", link.license_id},
          {"group_id", link.group_id},
          {"arch", core::to_string(link.arch)},
          {"type", core::to_string(link.type)},
          {"status", link_status(link, now)},
          {"expires_at", core::format_timestamp(link.expires_at)},
          {"created_by", link.created_by_name},
          {"created_at", core::format_timestamp(link.created_at)},
          {"revoked_at", optional_time(link.revoked_at)},
          {"downloads", link.downloads},
          {"last_download_at", optional_time(link.last_download_at)}};
}

http::Response download(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const app::DownloadChoice choice{.license_id = id_param(request, "id", "license"),
                                   .group_id = group_param(request),
                                   .arch = arch_param(request),
                                   .type = type_param(request)};
  return file_response(
      app::download_installer(context.database, setup_of(context), caller.actor, choice));
}

http::Response publish(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const core::InstallerArch arch = arch_param(request);
  const std::string name = request.query_param("file_name").value_or(core::zip_msi_name(arch));
  const core::InstallerVersion installer =
      app::publish_installer_upload(context.database, setup_of(context), caller.actor, arch,
                                    request.body, core::require_text("file_name", name, 1, 200));
  return http::json_response(201, installer_version_json(installer));
}

http::Response list_versions(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  json::array items;
  for (const auto& installer : app::list_installers(context.database, caller.actor)) {
    items.push_back(installer_version_json(installer));
  }
  return http::json_response(200, json::object{{"items", std::move(items)}});
}

http::Response create_link(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t license_id = id_param(request, "id", "license");
  const json::object fields = json_body(request, {"group_id", "arch", "type", "expires_in_days"});
  const app::LinkRequest link_request{
      .license_id = license_id,
      .group_id = core::optional_integer(fields, "group_id", 1, kMaxId),
      .arch = core::require_installer_arch("arch", core::required_text(fields, "arch", 1, 10)),
      .type = core::require_installer_type("type", core::required_text(fields, "type", 1, 20)),
      .expires_in_days = core::required_integer(fields, "expires_in_days", 1, app::kMaxLinkDays)};
  const app::CreatedLink created =
      app::create_installer_link(context.database, setup_of(context), caller.actor, link_request);
  json::object answer = link_json(created.link, app::now());
  answer["url"] = created.url;
  return http::json_response(201, answer);
}

http::Response list_links(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  const std::int64_t license_id = id_param(request, "id", "license");
  const core::UnixTime now = app::now();
  json::array items;
  for (const auto& link : app::list_installer_links(context.database, caller.actor, license_id)) {
    items.push_back(link_json(link, now));
  }
  return http::json_response(200,
                             json::object{{"license_id", license_id}, {"items", std::move(items)}});
}

http::Response revoke_link(ApiContext& context, const http::Request& request) {
  const app::Authenticated caller = authenticate(context, request);
  app::revoke_installer_link(context.database, caller.actor, id_param(request, "id", "license"),
                             id_param(request, "lid", "installer link"));
  return no_content();
}

// Public: the token is the only credential, and any failure is the same 404.
http::Response download_by_link(ApiContext& context, const http::Request& request) {
  return file_response(
      app::download_by_link(context.database, setup_of(context), request.path_param("token")));
}

}  // namespace

void add_installer_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/installer", download);
  add_route(router, context, http::Method::get, "/api/v1/operator/installers", list_versions);
  router.add(
      http::Method::post, "/api/v1/operator/installers",
      [&context](http::Request& request) { return publish(context, request); },
      http::Execution::worker_pool, app::kMaxInstallerBytes);
  add_route(router, context, http::Method::post, "/api/v1/licenses/{id}/installer-links",
            create_link);
  add_route(router, context, http::Method::get, "/api/v1/licenses/{id}/installer-links",
            list_links);
  add_route(router, context, http::Method::del, "/api/v1/licenses/{id}/installer-links/{lid}",
            revoke_link);
  add_route(router, context, http::Method::get, "/installer-links/{token}", download_by_link);
}

}  // namespace keyward::api
