// Portal request bodies with rules of their own: configuration profile settings, user
// preferences and bulk device actions. Bad input is a 400; what passes is well-formed and
// survives the round trips the server makes with it.

#include <set>

#include "core/bulk_request.hpp"
#include "core/preferences.hpp"
#include "core/profile_settings.hpp"
#include "fuzz_input.hpp"

namespace {

using namespace keyward;

void check_profile_settings(const boost::json::value& body) {
  const core::ProfileSettings settings = core::parse_profile_settings(body);
  const boost::json::object stored = core::device_settings_json(settings, {});
  // What devices receive is shown to the portal again without an error.
  core::portal_settings_json(stored);
}

void check_preferences(const boost::json::object& body) {
  const core::Preferences preferences = core::parse_preferences(body);
  if (core::parse_preferences(core::to_json(preferences)) != preferences) {
    fuzz::violated("preferences do not survive to_json");
  }
  const auto stored = core::stored_preferences(preferences);
  if (core::read_stored_preferences(stored, preferences.language) != preferences) {
    fuzz::violated("preferences do not survive storing");
  }
}

void check_bulk(const boost::json::object& body) {
  const core::BulkDeviceRequest request = core::parse_bulk_device_request(body);
  if (request.device_ids.empty() || request.device_ids.size() > core::kMaxBulkDevices) {
    fuzz::violated("bulk request size");
  }
  if (std::set(request.device_ids.begin(), request.device_ids.end()).size() !=
      request.device_ids.size()) {
    fuzz::violated("a device twice in one bulk request");
  }
  if (request.group_id.has_value() != (request.action == core::BulkAction::move)) {
    fuzz::violated("group_id belongs to moves only");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  // A stored preferences document of any content lets the user sign in (defaults instead).
  core::read_stored_preferences(text, core::Language::en);
  const auto body = fuzz::parse_body(text);
  if (!body) return 0;
  fuzz::expect_only_core_errors([&] { check_profile_settings(*body); });
  if (!body->is_object()) return 0;
  fuzz::expect_only_core_errors([&] { check_preferences(body->as_object()); });
  fuzz::expect_only_core_errors([&] { check_bulk(body->as_object()); });
  return 0;
}
