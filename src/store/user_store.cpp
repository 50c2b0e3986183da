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

// A company's own id is its customer id; a customer's parent (or a reseller itself) is the
// reseller id the scope compares with.
std::string company_scope_condition(const core::TenantScope& scope, Params& params) {
  return tenant_condition(scope, "c.id",
                          "CASE WHEN c.kind = 'customer' THEN c.parent_id ELSE c.id END", params);
}

ListedUser to_listed_user(const Row& row) { return {to_user(row), row.text(13)}; }

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
  Params params{company_id};
  const std::string condition = company_scope_condition(scope, params);
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

std::optional<ListedUser> UserStore::find_in_scope(const core::TenantScope& scope, core::Id id) {
  Params params{id};
  const std::string condition = company_scope_condition(scope, params);
  const auto row = connection_.query_one("SELECT " + std::string(kColumns) +
                                             ", c.name FROM users u JOIN companies c ON "
                                             "c.id = u.company_id WHERE u.id = $1 AND " +
                                             condition,
                                         params);
  if (!row) return std::nullopt;
  return to_listed_user(*row);
}

ListPage<ListedUser> UserStore::list(const core::TenantScope& scope, const UserFilter& filter,
                                     const core::ListQuery& query) {
  Params params;
  std::string from_where = "FROM users u JOIN companies c ON c.id = u.company_id WHERE " +
                           company_scope_condition(scope, params);
  if (filter.company_id)
    from_where += " AND u.company_id = " + store::bind(params, *filter.company_id);
  if (!filter.q.empty()) {
    from_where +=
        " AND " + contains_condition(filter.q, {"lower(u.name)", "lower(u.email)"}, params);
  }
  const std::string order = order_by(query,
                                     {{"name", "lower(u.name)"},
                                      {"email", "lower(u.email)"},
                                      {"role", "u.role"},
                                      {"company", "lower(c.name)"},
                                      {"created_at", "u.created_at"},
                                      {"last_login_at", "COALESCE(u.last_login_at, 0)"}},
                                     "u.id");
  return read_page<ListedUser>(connection_, std::string(kColumns) + ", c.name", from_where, params,
                               order, query, to_listed_user);
}

void UserStore::update(const core::User& user) {
  connection_.execute(
      "UPDATE users SET name = $2, role = $3, disabled = $4 WHERE id = $1",
      {user.id, user.name, std::string(core::to_string(user.role)), std::int64_t{user.disabled}});
}

void UserStore::set_password_hash(core::Id id, const std::string& password_hash) {
  connection_.execute("UPDATE users SET password_hash = $2 WHERE id = $1", {id, password_hash});
}

void UserStore::set_totp(core::Id id, const std::optional<std::string>& secret, bool enabled) {
  connection_.execute(
      "UPDATE users SET totp_secret = $2, totp_enabled = $3, totp_last_step = NULL WHERE id = $1",
      {id, nullable(secret), std::int64_t{enabled}});
}

bool UserStore::claim_totp_step(core::Id id, std::int64_t step) {
  return connection_.execute(
             "UPDATE users SET totp_last_step = $2 "
             "WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
             {id, step}) == 1;
}

void UserStore::set_preferences(core::Id id, core::Language language,
                                const std::string& preferences) {
  connection_.execute("UPDATE users SET language = $2, preferences = $3 WHERE id = $1",
                      {id, std::string(core::to_string(language)), preferences});
}

void UserStore::record_login(core::Id id, core::UnixTime at) {
  connection_.execute("UPDATE users SET last_login_at = $2 WHERE id = $1", {id, at});
}

bool UserStore::remove(core::Id id) {
  return connection_.execute("DELETE FROM users WHERE id = $1", {id}) == 1;
}

std::int64_t UserStore::count_enabled_admins(core::Id company_id) {
  return connection_
      .query_one(
          "SELECT COUNT(*) FROM users WHERE company_id = $1 AND role = 'admin' AND disabled = 0",
          {company_id})
      ->int64(0);
}

}  // namespace keyward::store
