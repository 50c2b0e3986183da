#include "store/reseller_digest_store.hpp"

#include "core/stale_devices.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

// Resellers whose digest of the day is still open, as a subquery on the day bound at `day`.
std::string open_resellers_sql(const std::string& day) {
  return "SELECT c.id FROM companies c WHERE c.kind = 'reseller' AND NOT EXISTS (SELECT 1 FROM "
         "reseller_digests r WHERE r.reseller_id = c.id AND r.day = " +
         day + ")";
}

constexpr std::string_view kLicenseFactColumns =
    "SELECT l.reseller_id, l.customer_id, c.name, l.id, CASE WHEN l.name = '' THEN l.license_key "
    "ELSE l.name END, l.seats_used, l.seats_total, l.expires_at FROM licenses l "
    "JOIN companies c ON c.id = l.customer_id WHERE l.reseller_id IN (";

core::DigestFact license_fact(core::DigestFact::Kind kind, const Row& row) {
  return core::DigestFact{.kind = kind,
                          .reseller_id = row.int64(0),
                          .customer_id = row.int64(1),
                          .customer_name = row.text(2),
                          .license = {.id = row.int64(3),
                                      .name = row.text(4),
                                      .seats_used = row.int64(5),
                                      .seats_total = row.opt_int64(6),
                                      .expires_at = row.int64(7)}};
}

}  // namespace

std::vector<DigestReseller> ResellerDigestStore::open_resellers(std::int64_t day) {
  std::vector<DigestReseller> resellers;
  for (const Row& row : connection_.query("SELECT o.id, o.name FROM companies o WHERE o.id IN (" +
                                              open_resellers_sql("$1") + ") ORDER BY o.id",
                                          {day})) {
    resellers.push_back({row.int64(0), row.text(1)});
  }
  return resellers;
}

std::vector<core::DigestFact> ResellerDigestStore::facts(std::int64_t day,
                                                         const core::DigestRules& rules,
                                                         core::UnixTime now) {
  std::vector<core::DigestFact> facts;
  Params seat_params{day, now, rules.seat_percent};
  for (const Row& row : connection_.query(
           std::string(kLicenseFactColumns) + open_resellers_sql("$1") +
               ") AND l.expires_at >= $2 AND l.type = 'purchase' AND l.seats_total > 0 "
               "AND l.seats_used * 100 >= l.seats_total * $3",
           seat_params)) {
    facts.push_back(license_fact(core::DigestFact::Kind::seat_limit, row));
  }
  Params expiring_params{day, now, now + rules.expiring_seconds};
  for (const Row& row :
       connection_.query(std::string(kLicenseFactColumns) + open_resellers_sql("$1") +
                             ") AND l.expires_at >= $2 AND l.expires_at <= $3",
                         expiring_params)) {
    facts.push_back(license_fact(core::DigestFact::Kind::expiring, row));
  }
  Params stale_params{day};
  const std::string stale = stale_condition(
      {.contact_before = core::stale_before(now, rules.stale_days), .now = now}, stale_params);
  for (const Row& row : connection_.query(
           "SELECT d.reseller_id, d.customer_id, c.name, COUNT(*) FROM devices d JOIN companies c "
           "ON c.id = d.customer_id WHERE d.reseller_id IN (" +
               open_resellers_sql("$1") + ") AND " + stale +
               " GROUP BY d.reseller_id, d.customer_id, c.name",
           stale_params)) {
    facts.push_back(core::DigestFact{.kind = core::DigestFact::Kind::stale_devices,
                                     .reseller_id = row.int64(0),
                                     .customer_id = row.int64(1),
                                     .customer_name = row.text(2),
                                     .stale_devices = row.int64(3)});
  }
  return facts;
}

std::vector<DigestAdmin> ResellerDigestStore::admins(std::int64_t day) {
  std::vector<DigestAdmin> admins;
  for (const Row& row : connection_.query(
           "SELECT u.company_id, u.email, u.language FROM users u WHERE u.company_id IN (" +
               open_resellers_sql("$1") +
               ") AND u.role = 'admin' AND u.disabled = 0 AND u.password_hash <> '' "
               "ORDER BY u.company_id, u.id",
           {day})) {
    admins.push_back({row.int64(0), row.text(1), parse_column(core::parse_language, row, 2)});
  }
  return admins;
}

bool ResellerDigestStore::record(core::Id reseller_id, std::int64_t day, std::int64_t customers,
                                 std::int64_t mails, core::UnixTime now) {
  return connection_.execute(
             "INSERT INTO reseller_digests (reseller_id, day, customers, mails, created_at) "
             "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (reseller_id, day) DO NOTHING",
             {reseller_id, day, customers, mails, now}) == 1;
}

}  // namespace keyward::store
