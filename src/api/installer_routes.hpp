#pragma once
// Installer downloads, the operator's published MSIs and shareable installer links.

#include "api/api.hpp"

namespace keyward::api {

void add_installer_routes(http::Router& router, ApiContext& context);

}  // namespace keyward::api
