#include "core/events.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <iterator>

namespace keyward::core {
namespace {

struct EventRule {
  EventType type;
  std::string_view name;
  MailAudience audience;
  std::optional<StatusCategory> mute_category;
};

// Activations and deactivations mail nobody: recipients hear about the count once, when it
// reaches the threshold (SPEC.md §2 License), not about every device.
constexpr EventRule kRules[] = {
    {EventType::activation, "activation", MailAudience::none, std::nullopt},
    {EventType::deactivation, "deactivation", MailAudience::none, std::nullopt},
    {EventType::threshold_reached, "threshold_reached", MailAudience::license_recipients,
     std::nullopt},
    {EventType::infection, "infection", MailAudience::license_recipients, StatusCategory::device},
    {EventType::license_expiring, "license_expiring", MailAudience::license_recipients,
     std::nullopt},
    {EventType::export_done, "export_done", MailAudience::user, std::nullopt},
    {EventType::test, "test", MailAudience::none, std::nullopt},
};

constexpr EventType kSubscribable[] = {EventType::activation,        EventType::deactivation,
                                       EventType::threshold_reached, EventType::infection,
                                       EventType::license_expiring,  EventType::export_done};

const EventRule& rule_of(EventType type) {
  return *std::find_if(std::begin(kRules), std::end(kRules),
                       [type](const EventRule& rule) { return rule.type == type; });
}

}  // namespace

std::string_view to_string(EventType type) { return rule_of(type).name; }

std::optional<EventType> parse_event_type(std::string_view text) {
  for (const EventRule& rule : kRules) {
    if (rule.name == text) return rule.type;
  }
  return std::nullopt;
}

std::span<const EventType> subscribable_event_types() { return kSubscribable; }

MailAudience mail_audience(EventType type) { return rule_of(type).audience; }

std::optional<StatusCategory> mute_category(EventType type) { return rule_of(type).mute_category; }

bool is_muted(EventType type, MuteLevel level, std::string_view muted_categories_json) {
  const auto category = mute_category(type);
  if (!category || level == MuteLevel::none) return false;
  if (level == MuteLevel::all) return true;
  boost::system::error_code error;
  const auto names = boost::json::parse(muted_categories_json, error);
  if (error || !names.is_array()) return false;
  const std::string_view wanted = to_string(*category);
  return std::any_of(names.get_array().begin(), names.get_array().end(),
                     [&](const boost::json::value& name) {
                       return name.is_string() && name.get_string() == wanted;
                     });
}

}  // namespace keyward::core
