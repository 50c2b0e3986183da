#include "api/dashboard_json.hpp"

#include "api/device_json.hpp"
#include "api/license_json.hpp"

namespace keyward::api {
namespace {

boost::json::object devices_json(const core::Page<app::DeviceListItem>& page,
                                 core::Language language) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(device_list_item_json(item, language));
  return {{"total", page.total}, {"items", std::move(items)}};
}

boost::json::object licenses_json(const core::Page<store::LicenseView>& page, core::UnixTime now) {
  boost::json::array items;
  for (const auto& view : page.items) items.push_back(license_json(view, now));
  return {{"total", page.total}, {"items", std::move(items)}};
}

}  // namespace

boost::json::object dashboard_json(const app::DashboardSummary& summary, core::Language language,
                                   core::UnixTime now) {
  boost::json::object per_status;
  for (const auto key : core::kAllFilterKeys) {
    per_status[core::to_string(key)] =
        summary.devices_per_status[static_cast<std::size_t>(core::bit_of(key))];
  }
  return {{"devices", {{"total", summary.devices_total}, {"per_status", std::move(per_status)}}},
          {"licenses", {{"total", summary.licenses_total}}},
          {"infected", devices_json(summary.infected, language)},
          {"outdated", devices_json(summary.outdated, language)},
          {"expired_licenses", licenses_json(summary.expired, now)},
          {"expiring_licenses", licenses_json(summary.expiring_soon, now)}};
}

}  // namespace keyward::api
