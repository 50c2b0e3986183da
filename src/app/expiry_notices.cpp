#include "app/expiry_notices.hpp"

#include "app/events.hpp"
#include "store/license_store.hpp"

namespace keyward::app {
namespace {

constexpr core::UnixTime kDay = 86400;
// The smaller window first: a license 5 days before expiry gets only the 7-day notice.
constexpr std::int64_t kNoticeDays[] = {7, 30};

}  // namespace

std::size_t notify_expiring_licenses(store::Database& database, core::UnixTime now) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  store::LicenseStore licenses(*connection);
  EventDispatcher events(*connection);
  std::size_t notified = 0;
  for (const std::int64_t days : kNoticeDays) {
    for (const core::Id id : licenses.claim_expiry_notices(days, now)) {
      const auto license = licenses.find(core::TenantScope::operator_scope(0), id);
      if (!license) continue;
      core::Event event = events.license_event(core::EventType::license_expiring, *license, now);
      event.data["expires_at"] = license->expires_at;
      event.data["days_left"] = (license->expires_at - now + kDay - 1) / kDay;
      events.dispatch(event);
      ++notified;
    }
  }
  transaction.commit();
  return notified;
}

}  // namespace keyward::app
