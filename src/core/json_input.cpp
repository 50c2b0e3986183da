#include "core/json_input.hpp"

#include "core/error.hpp"
#include "core/validation.hpp"

namespace keyward::core {
namespace {

const boost::json::value* member(const boost::json::object& object, std::string_view field) {
  const auto* value = object.if_contains(field);
  return value && !value->is_null() ? value : nullptr;
}

const boost::json::value& required_member(const boost::json::object& object, std::string_view field,
                                          std::string_view path) {
  const auto* value = member(object, field);
  if (!value) throw invalid_request(field_path(path, field), "is required");
  return *value;
}

std::int64_t as_integer(const boost::json::value& value, const std::string& name) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64()) throw invalid_request(name, "is too large");
  if (value.is_double()) {
    const double number = value.get_double();
    // Clients written in JavaScript send 3.0 for 3; anything with a fraction is an error.
    // The range check comes first: converting an out-of-range double is undefined.
    if (number > -9.0e15 && number < 9.0e15 &&
        number == static_cast<double>(static_cast<std::int64_t>(number))) {
      return static_cast<std::int64_t>(number);
    }
  }
  throw invalid_request(name, "must be a whole number");
}

std::string_view as_text(const boost::json::value& value, const std::string& name) {
  if (!value.is_string()) throw invalid_request(name, "must be a string");
  const auto& text = value.get_string();
  return {text.data(), text.size()};
}

}  // namespace

std::string field_path(std::string_view path, std::string_view field) {
  return path.empty() ? std::string(field) : std::string(path) + "." + std::string(field);
}

const boost::json::object& require_object(const boost::json::value& value, std::string_view path) {
  if (!value.is_object()) {
    throw invalid_request(path.empty() ? "body" : std::string(path), "must be a JSON object");
  }
  return value.get_object();
}

const boost::json::object& required_object(const boost::json::object& object,
                                           std::string_view field, std::string_view path) {
  return require_object(required_member(object, field, path), field_path(path, field));
}

const boost::json::object* optional_object(const boost::json::object& object,
                                           std::string_view field, std::string_view path) {
  const auto* value = member(object, field);
  return value ? &require_object(*value, field_path(path, field)) : nullptr;
}

std::string required_text(const boost::json::object& object, std::string_view field,
                          std::size_t min_length, std::size_t max_length, std::string_view path) {
  const std::string name = field_path(path, field);
  return require_text(name, as_text(required_member(object, field, path), name), min_length,
                      max_length);
}

std::string optional_text(const boost::json::object& object, std::string_view field,
                          std::size_t max_length, std::string_view fallback,
                          std::string_view path) {
  const auto* value = member(object, field);
  if (!value) return std::string(fallback);
  const std::string name = field_path(path, field);
  return require_text(name, as_text(*value, name), 0, max_length);
}

std::optional<std::string> text_if_present(const boost::json::object& object,
                                           std::string_view field, std::size_t max_length,
                                           std::string_view path) {
  if (!member(object, field)) return std::nullopt;
  return optional_text(object, field, max_length, "", path);
}

std::int64_t required_integer(const boost::json::object& object, std::string_view field,
                              std::int64_t min, std::int64_t max, std::string_view path) {
  const std::string name = field_path(path, field);
  return require_range(name, as_integer(required_member(object, field, path), name), min, max);
}

std::optional<std::int64_t> optional_integer(const boost::json::object& object,
                                             std::string_view field, std::int64_t min,
                                             std::int64_t max, std::string_view path) {
  const auto* value = member(object, field);
  if (!value) return std::nullopt;
  const std::string name = field_path(path, field);
  return require_range(name, as_integer(*value, name), min, max);
}

bool required_bool(const boost::json::object& object, std::string_view field,
                   std::string_view path) {
  const auto& value = required_member(object, field, path);
  if (!value.is_bool()) throw invalid_request(field_path(path, field), "must be true or false");
  return value.get_bool();
}

std::optional<bool> optional_bool(const boost::json::object& object, std::string_view field,
                                  std::string_view path) {
  if (!member(object, field)) return std::nullopt;
  return required_bool(object, field, path);
}

std::string required_secret(const boost::json::object& object, std::string_view field,
                            std::size_t max_bytes, std::string_view path) {
  const std::string name = field_path(path, field);
  std::string secret(as_text(required_member(object, field, path), name));
  if (secret.empty()) throw invalid_request(name, "is required");
  if (secret.size() > max_bytes) {
    throw invalid_request(name, "must have at most " + std::to_string(max_bytes) + " bytes");
  }
  return secret;
}

std::optional<std::string> optional_secret(const boost::json::object& object,
                                           std::string_view field, std::size_t max_bytes,
                                           std::string_view path) {
  if (!member(object, field)) return std::nullopt;
  return required_secret(object, field, max_bytes, path);
}

bool optional_bool(const boost::json::object& object, std::string_view field, bool fallback,
                   std::string_view path) {
  return optional_bool(object, field, path).value_or(fallback);
}

void reject_unknown_fields(const boost::json::object& object,
                           std::initializer_list<std::string_view> known,
                           std::string_view path) {
  for (const auto& entry : object) {
    bool is_known = false;
    for (const std::string_view name : known) is_known = is_known || entry.key() == name;
    if (!is_known) throw invalid_request(field_path(path, entry.key()), "is not a known field");
  }
}

}  // namespace keyward::core
