#include "app/export_job.hpp"

#include <boost/json.hpp>

#include "store/device_directory.hpp"
#include "store/license_directory.hpp"

namespace keyward::app {

namespace json = boost::json;

std::string payload_of(const ExportJob& job) {
  json::array columns;
  for (const auto& column : job.columns) columns.emplace_back(column);
  return json::serialize(json::object{{"request", core::to_json(job.request)},
                                      {"columns", std::move(columns)},
                                      {"language", core::to_string(job.language)}});
}

ExportJob job_of(const std::string& payload) {
  const json::object stored = json::parse(payload).as_object();
  ExportJob job{core::parse_export_request(stored.at("request").as_object()), {},
                core::parse_language(stored.at("language").as_string()).value_or(
                    core::Language::en)};
  for (const auto& column : stored.at("columns").as_array()) {
    job.columns.emplace_back(column.as_string());
  }
  return job;
}

core::ListQuery list_query_of(const core::ExportRequest& request) {
  const core::ListQueryInput input{.q = request.q, .sort = request.sort};
  if (request.table == core::ExportTable::licenses) {
    return core::parse_list_query(input, store::kLicenseSortKeys, "name");
  }
  return core::parse_list_query(input, store::kDeviceSortKeys, "hostname");
}
std::string stored_file_of(const store::Job& job) {
  return std::string(json::parse(job.result.value_or("{}")).at("file").as_string());
}

}  // namespace keyward::app
