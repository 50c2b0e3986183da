#include "store/recipient_store.hpp"

#include "store/paging.hpp"
#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "r.id, r.license_id, r.email, r.user_id, r.verified_at, r.verify_token_hash, r.created_at";

core::Recipient to_recipient(const Row& row) {
  return core::Recipient{
      .id = row.int64(0),
      .license_id = row.int64(1),
      .email = row.text(2),
      .user_id = row.opt_int64(3),
      .verified_at = row.opt_int64(4),
      .verify_token_hash = row.opt_text(5),
      .created_at = row.int64(6),
  };
}

std::vector<core::Recipient> to_recipients(const Rows& rows) {
  std::vector<core::Recipient> recipients;
  for (const Row& row : rows) recipients.push_back(to_recipient(row));
  return recipients;
}

// `FROM recipients r … WHERE` the license's recipients within `scope`.
std::string scoped_from(const core::TenantScope& scope, core::Id license_id, Params& params) {
  const std::string license = bind(params, license_id);
  return " FROM recipients r JOIN licenses l ON l.id = r.license_id WHERE r.license_id = " +
         license + " AND " + tenant_condition(scope, "l.customer_id", "l.reseller_id", params);
}

}  // namespace

core::Recipient RecipientStore::add(const core::Recipient& recipient) {
  const Row row = *connection_.query_one(
      "INSERT INTO recipients (license_id, email, user_id, verified_at, verify_token_hash, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {recipient.license_id, recipient.email, nullable(recipient.user_id),
       nullable(recipient.verified_at), nullable(recipient.verify_token_hash),
       recipient.created_at});
  core::Recipient created = recipient;
  created.id = row.int64(0);
  return created;
}

core::Page<core::Recipient> RecipientStore::list(const core::TenantScope& scope,
                                                 core::Id license_id,
                                                 const core::ListQuery& query) {
  Params params;
  std::string from = scoped_from(scope, license_id, params);
  if (!query.q.empty()) from += " AND " + contains_condition(query.q, {"lower(r.email)"}, params);
  const Params count_params = params;
  const std::string sql =
      "SELECT " + std::string(kColumns) + from +
      order_by(query, {{"email", "lower(r.email)"}, {"created_at", "r.created_at"}}, "r.id") +
      page_clause(query, params);
  return read_page<core::Recipient>(connection_, sql, params, "SELECT COUNT(*)" + from,
                                    count_params, query, to_recipient);
}

bool RecipientStore::remove(const core::TenantScope& scope, core::Id license_id,
                            core::Id recipient_id) {
  Params params{recipient_id};
  const std::string from = scoped_from(scope, license_id, params);
  return connection_.execute(
             "DELETE FROM recipients WHERE id = $1 AND id IN (SELECT r.id" + from + ")", params) ==
         1;
}

std::optional<core::Recipient> RecipientStore::find_by_token_hash(const std::string& token_hash) {
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM recipients r WHERE r.verify_token_hash = $1",
      {token_hash});
  if (!row) return std::nullopt;
  return to_recipient(*row);
}

void RecipientStore::mark_verified(core::Id recipient_id, core::UnixTime now) {
  connection_.execute(
      "UPDATE recipients SET verified_at = $2, verify_token_hash = NULL WHERE id = $1",
      {recipient_id, now});
}

std::vector<core::Recipient> RecipientStore::verified_recipients(core::Id license_id) {
  return to_recipients(connection_.query("SELECT " + std::string(kColumns) +
                                             " FROM recipients r WHERE r.license_id = $1 AND "
                                             "r.verified_at IS NOT NULL ORDER BY r.id",
                                         {license_id}));
}

}  // namespace keyward::store
