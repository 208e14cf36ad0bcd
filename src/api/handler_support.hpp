// Shared by the API's route files: the per-request context, JSON responses and errors, body and
// query parsing. Internal to api/.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "core/account.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "service/account_service.hpp"

namespace tsunagu::api {

struct Context {
  http::Request& request;
  std::optional<service::Session> session;
  service::Actor actor;
};

using RouteHandler = std::function<http::Response(Context&)>;

// Adds a route with the access it needs (the declarative table).
using AddRoute = std::function<void(std::string method, std::string pattern, AccessKind access,
                                    Permission permission, RouteHandler handler)>;

// {"error":{"code","message","details":[{"line","field","message"}]}} with the mapped status.
http::Response error_response(const Error& e);
http::Response ok_json(const nlohmann::json& body, int status = 200);
http::Response ok_ordered_json(const nlohmann::ordered_json& body, int status = 200);

nlohmann::json user_json(const User& u);

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

// Content-Disposition for a download named `file_name` (UTF-8, RFC 5987 encoded).
std::string attachment(const std::string& file_name);

// The Set-Cookie value for the session cookie: HttpOnly, SameSite=Strict, Secure under TLS.
std::string session_cookie_header(const std::string& name, const std::string& value, bool tls,
                                  std::int64_t max_age_s);

// Runs `write(path)` on a fresh temporary file and answers its bytes as a download named
// `file_name` (libxlsxwriter writes to files only); the file is removed either way.
http::Response file_download(const std::function<Status(const std::string& path)>& write,
                             const std::string& content_type, const std::string& file_name);

// The fields of an application/x-www-form-urlencoded body (empty when it is not one).
std::map<std::string, std::string> form_fields(const http::Request& request);
// Every value posted under `name` (checkbox groups), in order.
std::vector<std::string> form_values(const http::Request& request, const std::string& name);

// A decoded query parameter ("" when absent).
std::string query_param(const http::Request& request, std::string_view name);

}  // namespace tsunagu::api
