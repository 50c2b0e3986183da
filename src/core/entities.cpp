#include "core/entities.hpp"

#include <array>
#include <utility>

namespace keyward::core {
namespace {

template <typename Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<CompanyKind, 3> kCompanyKinds{{{CompanyKind::operator_, "operator"},
                                               {CompanyKind::reseller, "reseller"},
                                               {CompanyKind::customer, "customer"}}};
constexpr Names<Role, 3> kRoles{
    {{Role::admin, "admin"}, {Role::technician, "technician"}, {Role::viewer, "viewer"}}};
constexpr Names<Language, 2> kLanguages{{{Language::en, "en"}, {Language::de, "de"}}};
constexpr Names<LicenseType, 2> kLicenseTypes{
    {{LicenseType::purchase, "purchase"}, {LicenseType::msp, "msp"}}};
constexpr Names<MuteLevel, 3> kMuteLevels{
    {{MuteLevel::none, "none"}, {MuteLevel::some, "some"}, {MuteLevel::all, "all"}}};
constexpr Names<ActionStatus, 6> kActionStatuses{{{ActionStatus::created, "created"},
                                                  {ActionStatus::outstanding, "outstanding"},
                                                  {ActionStatus::running, "running"},
                                                  {ActionStatus::waiting, "waiting"},
                                                  {ActionStatus::completed, "completed"},
                                                  {ActionStatus::aborted, "aborted"}}};
constexpr Names<MailStatus, 3> kMailStatuses{
    {{MailStatus::pending, "pending"}, {MailStatus::sent, "sent"}, {MailStatus::failed, "failed"}}};
constexpr Names<JobStatus, 4> kJobStatuses{{{JobStatus::queued, "queued"},
                                            {JobStatus::running, "running"},
                                            {JobStatus::done, "done"},
                                            {JobStatus::failed, "failed"}}};

template <typename Enum, std::size_t N>
std::string_view name_of(const Names<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const Names<Enum, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(CompanyKind value) { return name_of(kCompanyKinds, value); }
std::string_view to_string(Role value) { return name_of(kRoles, value); }
std::string_view to_string(Language value) { return name_of(kLanguages, value); }
std::string_view to_string(LicenseType value) { return name_of(kLicenseTypes, value); }
std::string_view to_string(MuteLevel value) { return name_of(kMuteLevels, value); }
std::string_view to_string(ActionStatus value) { return name_of(kActionStatuses, value); }
std::string_view to_string(MailStatus value) { return name_of(kMailStatuses, value); }
std::string_view to_string(JobStatus value) { return name_of(kJobStatuses, value); }

std::optional<CompanyKind> parse_company_kind(std::string_view text) {
  return value_of(kCompanyKinds, text);
}
std::optional<Role> parse_role(std::string_view text) { return value_of(kRoles, text); }
std::optional<Language> parse_language(std::string_view text) { return value_of(kLanguages, text); }
std::optional<LicenseType> parse_license_type(std::string_view text) {
  return value_of(kLicenseTypes, text);
}
std::optional<MuteLevel> parse_mute_level(std::string_view text) {
  return value_of(kMuteLevels, text);
}
std::optional<ActionStatus> parse_action_status(std::string_view text) {
  return value_of(kActionStatuses, text);
}
std::optional<MailStatus> parse_mail_status(std::string_view text) {
  return value_of(kMailStatuses, text);
}
std::optional<JobStatus> parse_job_status(std::string_view text) {
  return value_of(kJobStatuses, text);
}

}  // namespace keyward::core
