#pragma once
// JSON shapes of licenses and what hangs off them: recipients, comments, action-log entries.

#include <boost/json/object.hpp>

#include "core/entities.hpp"
#include "store/action_log_store.hpp"
#include "store/license_directory.hpp"

namespace keyward::api {

// {id, key, name, type, customer{id,name}, group{id,name}, activations{used,total},
//  expires_at, expired, notify_at}; total is null for msp licenses.
boost::json::object license_json(const store::LicenseView& view, core::UnixTime now);
boost::json::object recipient_json(const core::Recipient& recipient);
boost::json::object comment_json(const core::Comment& comment);
// An action-log entry with its device {id, hostname} (null when it names none).
boost::json::object action_view_json(const store::ActionView& view);

}  // namespace keyward::api
