#include "core/device_mute.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"

namespace keyward::core {
namespace {

constexpr StatusCategory kCategories[] = {StatusCategory::device, StatusCategory::settings,
                                          StatusCategory::other};

MuteSetting all_muted() {
  return {MuteLevel::all,
          std::vector<StatusCategory>(std::begin(kCategories), std::end(kCategories))};
}

Error invalid_mute(std::string_view field) {
  return invalid_request(std::string(field),
                         "must be \"none\", \"all\" or a list of the categories device, "
                         "settings and other");
}

MuteSetting from_categories(const boost::json::array& names, std::string_view field) {
  MuteSetting setting;
  for (const auto& name : names) {
    const auto category =
        name.is_string() ? parse_status_category(name.get_string()) : std::nullopt;
    if (!category) throw invalid_mute(field);
    if (std::find(setting.categories.begin(), setting.categories.end(), *category) ==
        setting.categories.end()) {
      setting.categories.push_back(*category);
    }
  }
  if (setting.categories.empty()) return setting;
  if (setting.categories.size() == std::size(kCategories)) return all_muted();
  std::sort(setting.categories.begin(), setting.categories.end());
  setting.level = MuteLevel::some;
  return setting;
}

}  // namespace

MuteSetting parse_mute_setting(const boost::json::value& value, std::string_view field) {
  if (value.is_array()) return from_categories(value.get_array(), field);
  if (value.is_string() && value.get_string() == "none") return {};
  if (value.is_string() && value.get_string() == "all") return all_muted();
  throw invalid_mute(field);
}

std::string muted_categories_json(const MuteSetting& setting) {
  boost::json::array names;
  for (const auto category : setting.categories) names.emplace_back(to_string(category));
  return boost::json::serialize(names);
}

}  // namespace keyward::core
