#include "core/list_query.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::core {
namespace {

constexpr std::int64_t kPageSizes[] = {10, 25, 50, 100};
// Far beyond any real list; keeps offset arithmetic away from overflow.
constexpr std::int64_t kMaxPage = 1'000'000;

std::string search_text(const std::optional<std::string>& q) {
  if (!q) return "";
  return require_text("q", *q, 0, kMaxSearchLength);
}

std::string joined(std::span<const std::string_view> keys) {
  std::string text;
  for (const auto key : keys) {
    if (!text.empty()) text += ", ";
    text += key;
  }
  return text;
}

void apply_sort(ListQuery& query, const std::optional<std::string>& sort,
                std::span<const std::string_view> sort_keys, std::string_view default_sort) {
  std::string_view requested = sort ? std::string_view(*sort) : default_sort;
  query.descending = requested.starts_with('-');
  if (query.descending) requested.remove_prefix(1);
  if (std::find(sort_keys.begin(), sort_keys.end(), requested) == sort_keys.end()) {
    throw Error(ErrorKind::invalid_request, "invalid_sort",
                "sort: must be one of " + joined(sort_keys) + ", with '-' for descending order");
  }
  query.sort = std::string(requested);
}

std::int64_t page_size(const std::optional<std::string>& per_page) {
  if (!per_page) return kDefaultPageSize;
  const std::int64_t size = parse_integer("per_page", *per_page, 1, kMaxPage);
  if (!is_page_size(size)) {
    throw invalid_request("per_page", "must be 10, 25, 50 or 100");
  }
  return size;
}

}  // namespace

bool is_page_size(std::int64_t size) {
  return std::find(std::begin(kPageSizes), std::end(kPageSizes), size) != std::end(kPageSizes);
}

ListQuery parse_list_query(const ListQueryInput& input, std::span<const std::string_view> sort_keys,
                           std::string_view default_sort) {
  ListQuery query;
  query.q = search_text(input.q);
  apply_sort(query, input.sort, sort_keys, default_sort);
  query.page = input.page ? parse_integer("page", *input.page, 1, kMaxPage) : 1;
  query.per_page = page_size(input.per_page);
  return query;
}

}  // namespace keyward::core
