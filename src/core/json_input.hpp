#pragma once
// Reading validated fields out of JSON documents from outside (request bodies, device
// reports). Each accessor names the field by its path ("os.name") in the error, so a client
// learns exactly what to fix; all errors are core::Error invalid_request.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace keyward::core {

// The document as an object, else "body: must be a JSON object".
const boost::json::object& require_object(const boost::json::value& value, std::string_view path);

// A nested object member; absent is an error unless optional.
const boost::json::object& required_object(const boost::json::object& object,
                                           std::string_view field, std::string_view path = "");
const boost::json::object* optional_object(const boost::json::object& object,
                                           std::string_view field, std::string_view path = "");

// Single-line text (valid UTF-8, no control characters, trimmed) of min..max code points.
std::string required_text(const boost::json::object& object, std::string_view field,
                          std::size_t min_length, std::size_t max_length,
                          std::string_view path = "");
// Absent or null gives `fallback`.
std::string optional_text(const boost::json::object& object, std::string_view field,
                          std::size_t max_length, std::string_view fallback = "",
                          std::string_view path = "");

// Like optional_text, but absent or null is nothing (for changes: "leave as it is").
std::optional<std::string> text_if_present(const boost::json::object& object,
                                           std::string_view field, std::size_t max_length,
                                           std::string_view path = "");

std::int64_t required_integer(const boost::json::object& object, std::string_view field,
                              std::int64_t min, std::int64_t max, std::string_view path = "");
std::optional<std::int64_t> optional_integer(const boost::json::object& object,
                                             std::string_view field, std::int64_t min,
                                             std::int64_t max, std::string_view path = "");

bool required_bool(const boost::json::object& object, std::string_view field,
                   std::string_view path = "");
// Absent or null gives nothing.
std::optional<bool> optional_bool(const boost::json::object& object, std::string_view field,
                                  std::string_view path = "");

// A secret exactly as sent (passwords, tokens, codes: never trimmed or otherwise changed),
// non-empty and at most `max_bytes` long. Absent or null is nothing for the optional form.
std::string required_secret(const boost::json::object& object, std::string_view field,
                            std::size_t max_bytes, std::string_view path = "");
std::optional<std::string> optional_secret(const boost::json::object& object,
                                           std::string_view field, std::size_t max_bytes,
                                           std::string_view path = "");

// Absent or null gives `fallback`.
bool optional_bool(const boost::json::object& object, std::string_view field, bool fallback,
                   std::string_view path = "");

// Rejects members outside `known` ("path.member: is not a known field"), so that a
// misspelt setting is an error instead of silently taking its default.
void reject_unknown_fields(const boost::json::object& object,
                           std::initializer_list<std::string_view> known,
                           std::string_view path = "");

// "os" + "name" -> "os.name"; "" + "name" -> "name".
std::string field_path(std::string_view path, std::string_view field);

}  // namespace keyward::core
