#include "route/respond.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tsunagu::route {

using nlohmann::json;

int status_for_code(std::string_view code) {
  auto ends_with = [&](std::string_view suffix) {
    return code.size() >= suffix.size() && code.substr(code.size() - suffix.size()) == suffix;
  };
  auto starts_with = [&](std::string_view prefix) {
    return code.substr(0, prefix.size()) == prefix;
  };
  if (code == "auth.required" || code == "auth.failed") return 401;
  if (code == "auth.forbidden" || code == "auth.csrf") return 403;
  if (code == "auth.throttled") return 429;
  if (code == "access.justification_required") return 422;
  if (starts_with("access.")) return 403;
  if (ends_with(".possible_duplicate") || ends_with(".closed") || ends_with(".bad_transition") ||
      ends_with(".conflict"))
    return 409;
  if (ends_with(".not_volunteer")) return 403;
  if (ends_with(".consent_required") || ends_with(".invalid_period")) return 422;
  if (ends_with(".not_found") || ends_with(".project_not_found")) return 404;
  if (ends_with(".stale_version") || ends_with(".exists") || ends_with(".read_only") ||
      ends_with(".in_use"))
    return 409;
  if (code == "request.unsupported_media_type") return 415;
  if (starts_with("request.")) return 400;
  if (ends_with(".invalid") || starts_with("import.") || starts_with("fiscal_year.")) return 422;
  if (code == "internal") return 500;
  return 400;
}

int status_for(const Error& e) { return status_for_code(e.code); }

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
  return http::Response::json(status_for(e), body.dump());
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
  return name + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (tls ? "; Secure" : "");
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
