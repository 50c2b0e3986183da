#include "api/installer_json.hpp"

#include "core/time_format.hpp"

namespace keyward::api {

boost::json::object installer_version_json(const core::InstallerVersion& installer) {
  return {{"id", installer.id},
          {"arch", core::to_string(installer.arch)},
          {"version", installer.version},
          {"file_name", installer.original_name},
          {"size", installer.size},
          {"sha256", installer.sha256},
          {"product_version", installer.product_version},
          {"package_code", installer.package_code},
          {"published_by", installer.published_by},
          {"published_at", core::format_timestamp(installer.published_at)}};
}

}  // namespace keyward::api
