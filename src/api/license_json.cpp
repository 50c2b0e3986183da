#include "api/license_json.hpp"

#include "api/device_json.hpp"
#include "api/json_values.hpp"
#include "core/license_terms.hpp"
#include "core/time_format.hpp"

namespace keyward::api {

boost::json::object license_json(const store::LicenseView& view, core::UnixTime now) {
  const core::License& license = view.license;
  return {
      {"id", license.id},
      {"key", license.key},
      {"name", license.name},
      {"type", core::to_string(license.type)},
      {"customer", {{"id", license.customer_id}, {"name", view.customer_name}}},
      {"group", {{"id", int_or_null(license.main_group_id)}, {"name", view.group_name}}},
      {"activations", {{"used", license.seats_used}, {"total", int_or_null(license.seats_total)}}},
      {"expires_at", core::format_timestamp(license.expires_at)},
      {"expired", core::is_expired(license.expires_at, now)},
      {"notify_at", int_or_null(license.notify_at)}};
}

boost::json::object recipient_json(const core::Recipient& recipient) {
  return {{"id", recipient.id},
          {"email", recipient.email},
          {"verified", recipient.verified_at.has_value()},
          {"user_id", int_or_null(recipient.user_id)},
          {"created_at", core::format_timestamp(recipient.created_at)},
          {"verified_at", time_or_null(recipient.verified_at)}};
}

boost::json::object comment_json(const core::Comment& comment) {
  return {{"id", comment.id},
          {"body", comment.body},
          {"author", comment.author_name},
          {"created_at", core::format_timestamp(comment.created_at)}};
}

boost::json::object action_view_json(const store::ActionView& view) {
  boost::json::object json = action_json(view.entry);
  json["device"] = view.entry.device_id
                       ? boost::json::value(boost::json::object{{"id", *view.entry.device_id},
                                                                {"hostname", view.device_hostname}})
                       : boost::json::value(nullptr);
  return json;
}

}  // namespace keyward::api
