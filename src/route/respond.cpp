#include "route/respond.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tsunagu::route {

using nlohmann::json;

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return 422;
    case ErrorKind::kMalformed:
      return 400;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kThrottled:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

int status_for(const Error& e) { return status_for(e.kind); }

http::Response error_response(const Error& e) {
  json body = {{"error", {{"code", e.code}, {"message", e.message}}}};
  if (!e.details.empty()) {
    json details = json::array();
    for (const auto& d : e.details) {
      json item = {{"message", d.message}};
      if (d.line > 0) item["line"] = d.line;
      if (!d.field.empty()) item["field"] = d.field;
      details.push_back(std::move(item));
    }
    body["error"]["details"] = std::move(details);
  }
  auto response = http::Response::json(status_for(e), body.dump());
  if (auto wait = retry_after(e)) response.set("Retry-After", *wait);
  return response;
}

std::optional<std::string> retry_after(const Error& e) {
  if (e.kind != ErrorKind::kThrottled && e.kind != ErrorKind::kUnavailable) return std::nullopt;
  for (const auto& d : e.details) {
    if (d.field == "retry_after") return d.message;
  }
  if (e.kind == ErrorKind::kUnavailable) return std::string("1");
  return std::nullopt;
}

http::Response ok_json(const json& body, int status) {
  return http::Response::json(status, body.dump());
}

http::Response ok_ordered_json(const nlohmann::ordered_json& body, int status) {
  return http::Response::json(status, body.dump());
}

std::string attachment(const std::string& file_name) {
  return "attachment; filename=\"download\"; filename*=UTF-8''" + http::percent_encode(file_name);
}

std::string session_cookie_header(const std::string& name, const std::string& value, bool tls,
                                  std::int64_t max_age_s) {
  return (tls ? "__Host-" + name : name) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (tls ? "; Secure" : "");
}

std::string session_token(const http::Request& request, const std::string& name) {
  return request.cookie(request.tls ? "__Host-" + name : name);
}

http::Response file_download(const std::function<Status(const std::string& path)>& write,
                             const std::string& content_type, const std::string& file_name) {
  static std::atomic<unsigned> counter{0};
  auto path = std::filesystem::temp_directory_path() /
              ("tsunagu-download-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } remove{path};
  if (auto ok = write(path.string()); !ok) return error_response(ok.error());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  http::Response r;
  r.body = buffer.str();
  r.set("Content-Type", content_type);
  r.set("Content-Disposition", attachment(file_name));
  return r;
}

}  // namespace tsunagu::route
