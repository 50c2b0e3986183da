#include "store/notification_audience.hpp"

#include "store/sql_helpers.hpp"

namespace keyward::store {

core::Language owner_language(Connection& connection, core::Id customer_id, core::Id reseller_id) {
  const auto row = connection.query_one(
      "SELECT language FROM users WHERE company_id IN ($1, $2) AND role = 'admin' AND "
      "disabled = 0 ORDER BY CASE WHEN company_id = $1 THEN 0 ELSE 1 END, id LIMIT 1",
      {customer_id, reseller_id});
  if (!row) return core::Language::en;
  return parse_column(core::parse_language, *row, 0);
}

std::optional<core::Language> user_language(Connection& connection, core::Id user_id) {
  const auto row = connection.query_one("SELECT language FROM users WHERE id = $1", {user_id});
  if (!row) return std::nullopt;
  return parse_column(core::parse_language, *row, 0);
}

std::optional<std::pair<std::string, core::Language>> user_mail_address(Connection& connection,
                                                                        core::Id user_id) {
  const auto row = connection.query_one(
      "SELECT email, language FROM users WHERE id = $1 AND disabled = 0", {user_id});
  if (!row) return std::nullopt;
  return std::pair{row->text(0), parse_column(core::parse_language, *row, 1)};
}

}  // namespace keyward::store
