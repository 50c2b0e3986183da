#pragma once
// JSON shape of a published installer version, shared by the HTTP API and the CLI.

#include <boost/json/object.hpp>

#include "core/installer_download.hpp"

namespace keyward::api {

boost::json::object installer_version_json(const core::InstallerVersion& installer);

}  // namespace keyward::api
