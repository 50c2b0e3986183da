#include "store/user_store.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {
namespace {

constexpr std::string_view kColumns =
    "u.id, u.company_id, u.email, u.name, u.password_hash, u.role, u.language, u.preferences, "
    "u.totp_secret, u.totp_enabled, u.disabled, u.created_at, u.last_login_at";

core::User to_user(const Row& row) {
  return core::User{
      .id = row.int64(0),
      .company_id = row.int64(1),
      .email = row.text(2),
      .name = row.text(3),
      .password_hash = row.text(4),
      .role = parse_column(core::parse_role, row, 5),
      .language = parse_column(core::parse_language, row, 6),
      .preferences = row.text(7),
      .totp_secret = row.opt_text(8),
      .totp_enabled = row.boolean(9),
      .disabled = row.boolean(10),
      .created_at = row.int64(11),
      .last_login_at = row.opt_int64(12),
  };
}

}  // namespace

core::User UserStore::create(const core::User& user) {
  const Row row = *connection_.query_one(
      "INSERT INTO users (company_id, email, name, password_hash, role, language, preferences, "
      "totp_secret, totp_enabled, disabled, created_at, last_login_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
      {user.company_id, user.email, user.name, user.password_hash,
       std::string(core::to_string(user.role)), std::string(core::to_string(user.language)),
       user.preferences, nullable(user.totp_secret), std::int64_t{user.totp_enabled},
       std::int64_t{user.disabled}, user.created_at, nullable(user.last_login_at)});
  core::User created = user;
  created.id = row.int64(0);
  return created;
}

std::optional<core::User> UserStore::find_by_email(std::string_view email) {
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM users u WHERE lower(u.email) = lower($1)",
      {std::string(email)});
  if (!row) return std::nullopt;
  return to_user(*row);
}

std::optional<core::User> UserStore::find(core::Id id) {
  const auto row = connection_.query_one(
      "SELECT " + std::string(kColumns) + " FROM users u WHERE u.id = $1", {id});
  if (!row) return std::nullopt;
  return to_user(*row);
}

std::vector<core::User> UserStore::list_by_company(const core::TenantScope& scope,
                                                   core::Id company_id) {
  // A company's own id is its customer id; a customer's parent (or a reseller itself) is the
  // reseller id the scope compares with.
  Params params{company_id};
  const std::string condition = tenant_condition(
      scope, "c.id", "CASE WHEN c.kind = 'customer' THEN c.parent_id ELSE c.id END", params);
  std::vector<core::User> result;
  for (const Row& row :
       connection_.query("SELECT " + std::string(kColumns) +
                             " FROM users u JOIN companies c ON c.id = u.company_id "
                             "WHERE u.company_id = $1 AND " +
                             condition + " ORDER BY lower(u.email)",
                         params)) {
    result.push_back(to_user(row));
  }
  return result;
}

}  // namespace keyward::store
