// Reading what a request carries: a JSON body, form fields, query parameters and route ids.
// Shared by the JSON routes and the pages, so the same input is read the same way.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/message.hpp"
#include "route/context.hpp"

namespace tsunagu::route {

// The body as a JSON object; errors "request.unsupported_media_type", "request.invalid".
Result<nlohmann::json> parse_json_body(const http::Request& request);

// A positive integer id, or nullopt.
std::optional<std::int64_t> parse_id(std::string_view text);

// The route parameter `name` ("{id}") as a typed id, or nullopt.
template <class T>
std::optional<T> id_param(const Context& c, const char* name = "id") {
  auto id = parse_id(c.request.param(name));
  if (!id) return std::nullopt;
  return T{*id};
}

// The fields of an application/x-www-form-urlencoded body (empty when it is not one); the first
// value of each name.
std::map<std::string, std::string> form_fields(const http::Request& request);
// Every value posted under `name` (checkbox groups), in order.
std::vector<std::string> form_values(const http::Request& request, const std::string& name);

// A decoded query parameter ("" when absent or undecodable).
std::string query_param(const http::Request& request, std::string_view name);
// Every value of a repeated query parameter (?column=a&column=b), in order.
std::vector<std::string> query_params(const http::Request& request, std::string_view name);

}  // namespace tsunagu::route
