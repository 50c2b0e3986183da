#include "api/agent_routes.hpp"

#include <boost/json.hpp>

#include "api/bearer.hpp"
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

boost::json::object checkin_json(const app::CheckinReply& reply) {
  boost::json::array commands;
  for (const auto& command : reply.commands) {
    commands.push_back({{"id", command.id},
                        {"type", command.type},
                        {"payload", boost::json::parse(command.payload)}});
  }
  return {{"commands", std::move(commands)},
          {"settings_revision", reply.settings_revision},
          {"checkin_interval_s", reply.checkin_interval_s}};
}

http::Response activate(ApiContext& context, http::Request& request) {
  const core::ActivationRequest activation = core::parse_activation_request(request.json());
  const app::ActivationResult result = app::activate_device(
      context.database, context.policies, activation, request.remote_address, app::now());
  return http::json_response(
      result.created ? 201 : 200,
      boost::json::object{
          {"device_id", result.device.id},
          {"device_token", result.token},
          {"settings_revision", result.settings ? result.settings->revision : 0},
          {"settings", settings_json(result.settings ? std::optional(result.settings->settings)
                                                     : std::nullopt)}});
}

// Answers once the batch holding this check-in is committed.
http::Response checkin(ApiContext& context, http::Request& request) {
  app::CheckinRequest checkin{device_token_hash(request),
                              core::parse_checkin_report(request.json()), request.remote_address};
  auto deferred = std::make_shared<http::DeferredResponse>();
  context.checkins.submit(
      std::move(checkin),
      [deferred, request_id = request.request_id](app::CheckinBatcher::Outcome outcome) {
        if (auto* reply = std::get_if<app::CheckinReply>(&outcome)) {
          deferred->complete(http::json_response(200, checkin_json(*reply)));
        } else {
          deferred->complete(http::response_for_exception(std::get<std::exception_ptr>(outcome),
                                                          request_id + " POST /agent/v1/checkin"));
        }
      });
  return http::deferred_response(deferred);
}

http::Response settings(ApiContext& context, http::Request& request) {
  const app::DeviceSettings current =
      app::settings_for_device(context.database, device_token_hash(request));
  return http::json_response(
      200, boost::json::object{{"revision", current.revision},
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
