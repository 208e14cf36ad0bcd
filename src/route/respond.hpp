// Answers that api/ and web/ share: an error's HTTP status (the one map), JSON bodies and
// errors, downloads and the session cookie.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/message.hpp"

namespace tsunagu::route {

// The HTTP status for an error's kind (conflict → 409, …): the only such map, exhaustive over
// ErrorKind.
int status_for(ErrorKind kind);
int status_for(const Error& e);

// {"error":{"code","message","details":[{"line","field","message"}]}} with the mapped status.
// A throttled or unavailable answer carries Retry-After (seconds; the error's "retry_after"
// detail, else 1 for unavailable).
http::Response error_response(const Error& e);
std::optional<std::string> retry_after(const Error& e);
http::Response ok_json(const nlohmann::json& body, int status = 200);
http::Response ok_ordered_json(const nlohmann::ordered_json& body, int status = 200);

// Content-Disposition for a download named `file_name` (UTF-8, RFC 5987 encoded).
std::string attachment(const std::string& file_name);

// The Set-Cookie value for the session cookie: HttpOnly, SameSite=Strict, Secure under TLS.
// Over HTTPS the cookie is named "__Host-" + name: browsers then take it only with Secure,
// Path=/ and no Domain, so a neighbouring subdomain or a plain-HTTP page cannot plant one.
std::string session_cookie_header(const std::string& name, const std::string& value, bool tls,
                                  std::int64_t max_age_s);
// The session token the request carries under the cookie name above.
std::string session_token(const http::Request& request, const std::string& name);

// Runs `write(path)` on a fresh temporary file and answers its bytes as a download named
// `file_name` (libxlsxwriter writes to files only); the file is removed either way.
http::Response file_download(const std::function<Status(const std::string& path)>& write,
                             const std::string& content_type, const std::string& file_name);

}  // namespace tsunagu::route
