#include "api/export_routes.hpp"

#include <boost/json.hpp>

#include "api/portal.hpp"
#include "app/exports.hpp"
#include "core/time_format.hpp"
#include "installer/installer_files.hpp"

namespace keyward::api {
namespace {

namespace json = boost::json;

json::object export_json(const app::ExportState& state) {
  json::object body{{"id", state.id},
                    {"table", state.table},
                    {"format", state.format},
                    {"status", state.status},
                    {"created_at", core::format_timestamp(state.created_at)}};
  if (state.status == "done") body["download_url"] = app::export_download_path(state.id);
  if (state.rows) body["rows"] = *state.rows;
  if (state.expires_at) body["expires_at"] = core::format_timestamp(*state.expires_at);
  if (state.error) {
    body["error"] = {{"code", state.error->code()}, {"message", state.error->what()}};
  }
  return body;
}

app::ExportFiles files_of(const ApiContext& context) {
  return app::ExportFiles(context.config.data_dir);
}

http::Response create(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const core::ExportRequest export_request = core::parse_export_request(
      json_body(request, {"table", "format", "license_id", "group_id", "customer_id", "q",
                          "status", "sort"}));
  const app::ExportState state = app::request_export(context.database, caller, export_request);
  if (context.wake_exports) context.wake_exports();
  return http::json_response(202, export_json(state));
}

http::Response show(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  return http::json_response(
      200, export_json(app::export_state(context.database, caller.actor,
                                         id_param(request, "id", "export"), app::now())));
}

http::Response file(ApiContext& context, const http::Request& request) {
  const auto caller = authenticate(context, request);
  const app::ExportDownload download =
      app::export_download(context.database, files_of(context), caller.actor,
                           id_param(request, "id", "export"), app::now());
  std::shared_ptr<const installer::OpenFile> opened;
  try {
    opened = installer::OpenFile::open(download.path);
  } catch (const std::exception&) {
    // Removed by another server's clean-up a moment ago: expired after all.
    throw core::not_found("export file");
  }
  http::Response response;
  response.set_header("content-type", download.content_type);
  response.set_header("content-disposition",
                      "attachment; filename=\"" + download.file_name + "\"");
  // Exports carry license keys and host names: no cache may keep them.
  response.set_header("cache-control", "no-store");
  const int fd = opened->fd();
  const std::uint64_t size = opened->size();
  response.more_body.emplace_back(http::FileRange{std::move(opened), fd, 0, size});
  return response;
}

}  // namespace

void add_export_routes(http::Router& router, ApiContext& context) {
  add_route(router, context, http::Method::post, "/api/v1/exports", create);
  add_route(router, context, http::Method::get, "/api/v1/exports/{id}", show);
  add_route(router, context, http::Method::get, "/api/v1/exports/{id}/file", file);
}

}  // namespace keyward::api
