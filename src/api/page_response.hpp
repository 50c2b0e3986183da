#pragma once
// A page of a use case's list as the portal's list answer, each item shown by `to_json`.

#include <boost/json/array.hpp>

#include "api/portal.hpp"
#include "core/list_query.hpp"

namespace keyward::api {

template <typename T, typename ToJson>
http::Response page_response(const core::Page<T>& page, const core::ListQuery& query,
                             ToJson to_json) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  return list_response(std::move(items), page.total, query);
}

}  // namespace keyward::api
