#include "core/export_request.hpp"

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "core/list_query.hpp"

namespace keyward::core {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

// A required member with one of the names of `parse`, else 400 `code`.
template <typename Enum>
Enum required_choice(const json::object& body, std::string_view field, std::string_view code,
                     std::string_view choices, std::optional<Enum> (*parse)(std::string_view)) {
  const auto* value = body.if_contains(field);
  std::optional<Enum> parsed;
  if (value != nullptr && value->is_string()) parsed = parse(value->get_string());
  if (!parsed) {
    throw Error(ErrorKind::invalid_request, std::string(code),
                std::string(field) + ": must be " + std::string(choices));
  }
  return *parsed;
}

std::optional<ExportTable> parse_table(std::string_view text) {
  if (text == "licenses") return ExportTable::licenses;
  if (text == "devices") return ExportTable::devices;
  return std::nullopt;
}

std::optional<ExportFormat> parse_format(std::string_view text) {
  if (text == "xlsx") return ExportFormat::xlsx;
  if (text == "csv") return ExportFormat::csv;
  return std::nullopt;
}

std::optional<LicenseState> parse_license_state(std::string_view text) {
  if (text.empty()) return LicenseState::any;
  if (text == "active") return LicenseState::active;
  if (text == "expired") return LicenseState::expired;
  return std::nullopt;
}

Error invalid_status(const std::string& why) {
  return Error(ErrorKind::invalid_request, "invalid_status", "status: " + why);
}

void check_status(ExportTable table, const std::string& status) {
  if (table == ExportTable::licenses) {
    if (!parse_license_state(status)) throw invalid_status("must be active or expired");
    return;
  }
  try {
    parse_status_filter(status);
  } catch (const Error& error) {
    throw invalid_status(std::string(error.what()).substr(std::string("status: ").size()));
  }
}

// A filter that only the other table has.
void refuse_for(const json::object& body, std::string_view field, std::string_view table) {
  if (const auto* value = body.if_contains(field); value != nullptr && !value->is_null()) {
    throw invalid_request(std::string(field), "applies to the " + std::string(table) +
                                                  " table only");
  }
}

}  // namespace

std::string_view to_string(ExportTable table) {
  return table == ExportTable::licenses ? "licenses" : "devices";
}

std::string_view to_string(ExportFormat format) {
  return format == ExportFormat::xlsx ? "xlsx" : "csv";
}

ExportRequest parse_export_request(const json::object& body) {
  reject_unknown_fields(body, {"table", "format", "license_id", "group_id", "customer_id", "q",
                               "status", "sort"});
  ExportRequest request;
  request.table = required_choice(body, "table", "invalid_table", "licenses or devices",
                                  parse_table);
  request.format = required_choice(body, "format", "invalid_format", "xlsx or csv", parse_format);
  if (request.table == ExportTable::licenses) {
    refuse_for(body, "license_id", "devices");
    refuse_for(body, "group_id", "devices");
    request.customer_id = optional_integer(body, "customer_id", 1, kMaxId);
  } else {
    refuse_for(body, "customer_id", "licenses");
    request.license_id = optional_integer(body, "license_id", 1, kMaxId);
    request.group_id = optional_integer(body, "group_id", 1, kMaxId);
  }
  request.q = optional_text(body, "q", kMaxSearchLength);
  request.status = optional_text(body, "status", 500);
  check_status(request.table, request.status);
  request.sort = text_if_present(body, "sort", 100);
  return request;
}

json::object to_json(const ExportRequest& request) {
  json::object body{{"table", to_string(request.table)},
                    {"format", to_string(request.format)},
                    {"q", request.q},
                    {"status", request.status}};
  if (request.license_id) body["license_id"] = *request.license_id;
  if (request.group_id) body["group_id"] = *request.group_id;
  if (request.customer_id) body["customer_id"] = *request.customer_id;
  if (request.sort) body["sort"] = *request.sort;
  return body;
}

LicenseState license_state(const ExportRequest& request) {
  return parse_license_state(request.status).value_or(LicenseState::any);
}

StatusFlags device_statuses(const ExportRequest& request) {
  return parse_status_filter(request.status);
}

}  // namespace keyward::core
