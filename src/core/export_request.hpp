#pragma once
// What an export asks for (POST /api/v1/exports): which table, which file format, and the
// filters and sort of the list on screen. Validated here once; the sort key is checked
// against the list's own keys by app/exports (the keys belong to the store's lists).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/device_status.hpp"
#include "core/entities.hpp"

namespace keyward::core {

enum class ExportTable { licenses, devices };
enum class ExportFormat { xlsx, csv };
// The licenses' status filter: all, the unexpired or the expired ones.
enum class LicenseState { any, active, expired };

std::string_view to_string(ExportTable table);
std::string_view to_string(ExportFormat format);

struct ExportRequest {
  ExportTable table = ExportTable::licenses;
  ExportFormat format = ExportFormat::xlsx;
  std::optional<Id> license_id;   // devices: one license's devices
  std::optional<Id> group_id;     // devices: one group's devices
  std::optional<Id> customer_id;  // licenses: one customer's licenses
  std::string q;                  // the list's search text
  std::string status;             // as given: "expired" or "unknown,eol"; empty: all
  std::optional<std::string> sort;  // "name" or "-name"; empty: the list's default
};

// Throws core::Error 400: `invalid_table` (not licenses/devices), `invalid_format` (not
// xlsx/csv), `invalid_status` (not active/expired for licenses, an unknown device status
// filter key), `invalid_request` naming the field for anything else (wrong types, unknown
// members, a filter of the other table, ids that are not positive numbers, q over 200
// characters).
ExportRequest parse_export_request(const boost::json::object& body);

// The request as parse_export_request reads it (what the export job stores).
boost::json::object to_json(const ExportRequest& request);

// The parsed status filters (status was validated by parse_export_request).
LicenseState license_state(const ExportRequest& request);
StatusFlags device_statuses(const ExportRequest& request);

}  // namespace keyward::core
