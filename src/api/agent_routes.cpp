#include "api/agent_routes.hpp"

#include <boost/json.hpp>

#include "api/bearer.hpp"
#include "api/client_address.hpp"
#include "app/actor.hpp"
#include "app/checkin_batcher.hpp"
#include "app/device_activation.hpp"
#include "app/device_checkin.hpp"
#include "core/device_report.hpp"
#include "core/error.hpp"
#include "store/token_hash.hpp"

namespace keyward::api {
namespace {

std::string device_token_hash(const http::Request& request) {
  const auto token = bearer_token(request);
  if (!token) {
    throw core::Error(core::ErrorKind::unauthorized, "invalid_token",
                      "send the device token as Authorization: Bearer <token>");
  }
  return store::hash_token(*token);
}

boost::json::value settings_json(const std::optional<std::string>& settings) {
  return settings ? boost::json::parse(*settings) : boost::json::value(nullptr);
}

boost::json::array commands_json(const std::vector<core::DeviceCommand>& commands) {
  boost::json::array array;
  for (const auto& command : commands) {
    array.push_back({{"id", command.id},
                     {"type", command.type},
                     {"payload", boost::json::parse(command.payload)}});
  }
  return array;
}

// {"commands":[...],"settings_revision":N,"checkin_interval_s":N}, written directly: almost
// every reply has no command, and the writer thread that completes check-ins should not build
// a JSON document for each.
std::string checkin_body(const app::CheckinReply& reply) {
  std::string body = "{\"commands\":";
  body += reply.commands.empty() ? "[]" : boost::json::serialize(commands_json(reply.commands));
  body += ",\"settings_revision\":";
  body += std::to_string(reply.settings_revision);
  body += ",\"checkin_interval_s\":";
  body += std::to_string(reply.checkin_interval_s);
  body += '}';
  return body;
}

http::Response activate(ApiContext& context, http::Request& request) {
  const core::ActivationRequest activation = core::parse_activation_request(request.json());
  const app::ActivationResult result = app::activate_device(
      context.database, context.policies, activation, client_address(context, request),
      app::now());
  return http::json_response(
      result.created ? 201 : 200,
      boost::json::object{
          {"device_id", result.device.id},
          {"device_token", result.token},
          {"settings_revision", result.settings ? result.settings->revision : 0},
          {"settings", settings_json(result.settings ? std::optional(result.settings->settings)
                                                     : std::nullopt)}});
}

// Completes `deferred` with the reply to a committed check-in, or with the error response of a
// refused one.
app::CheckinBatcher::Completion answer_when_committed(
    std::shared_ptr<http::DeferredResponse> deferred, std::string request_id) {
  return [deferred = std::move(deferred),
          request_id = std::move(request_id)](app::CheckinBatcher::Outcome outcome) {
    if (auto* reply = std::get_if<app::CheckinReply>(&outcome)) {
      deferred->complete(http::text_response(200, checkin_body(*reply), "application/json"));
    } else {
      deferred->complete(http::response_for_exception(std::get<std::exception_ptr>(outcome),
                                                      request_id + " POST /agent/v1/checkin"));
    }
  };
}

// Answers once the batch holding this check-in is committed.
http::Response checkin(ApiContext& context, http::Request& request) {
  // A report is a few hundred bytes: its parsed JSON fits a buffer on the stack and needs no
  // allocation per member.
  unsigned char buffer[4096];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  app::CheckinRequest checkin{device_token_hash(request),
                              core::parse_checkin_report(request.json(&memory)),
                              request.remote_address};
  auto deferred = std::make_shared<http::DeferredResponse>();
  context.checkins.submit(std::move(checkin), answer_when_committed(deferred, request.request_id));
  return http::deferred_response(deferred);
}

http::Response settings(ApiContext& context, http::Request& request) {
  const app::DeviceSettings current =
      app::settings_for_device(context.database, device_token_hash(request));
  return http::json_response(200,
                             boost::json::object{{"revision", current.revision},
                                                 {"settings", settings_json(current.settings)}});
}

}  // namespace

void add_agent_routes(http::Router& router, ApiContext& context) {
  router.add(http::Method::post, "/agent/v1/activate",
             [&context](http::Request& request) { return activate(context, request); });
  router.add(
      http::Method::post, "/agent/v1/checkin",
      [&context](http::Request& request) { return checkin(context, request); },
      http::Execution::io_thread);
  router.add(http::Method::get, "/agent/v1/settings",
             [&context](http::Request& request) { return settings(context, request); });
}

}  // namespace keyward::api
