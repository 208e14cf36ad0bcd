#include "api/handler_support.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tsunagu::api {

using nlohmann::json;

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
  return http::Response::json(status_for_code(e.code), body.dump());
}

http::Response ok_json(const json& body, int status) {
  return http::Response::json(status, body.dump());
}

http::Response ok_ordered_json(const nlohmann::ordered_json& body, int status) {
  return http::Response::json(status, body.dump());
}

json user_json(const User& u) {
  json j = {{"id", u.id.value},
            {"username", u.username},
            {"display_name", u.display_name},
            {"role", role_name(u.role)},
            {"role_label", role_label(u.role)}};
  if (!u.department_name.empty()) j["department"] = u.department_name;
  return j;
}

Result<json> parse_json_body(const http::Request& request) {
  auto type = request.header("content-type");
  if (type.substr(0, 16) != "application/json") {
    return make_error("request.unsupported_media_type",
                      "Content-Type: application/json で送信してください。");
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return make_error("request.invalid", "JSON オブジェクトとして読み取れません。");
  }
  return body;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::multimap<std::string, std::string> form_pairs(const http::Request& request) {
  std::multimap<std::string, std::string> out;
  if (request.header("content-type").substr(0, 33) != "application/x-www-form-urlencoded")
    return out;
  std::string_view rest = request.body;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    auto eq = part.find('=');
    std::string key, value;
    if (http::percent_decode(part.substr(0, eq), key, true) &&
        (eq == std::string_view::npos || http::percent_decode(part.substr(eq + 1), value, true))) {
      out.emplace(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

std::map<std::string, std::string> form_fields(const http::Request& request) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : form_pairs(request)) out.emplace(key, value);  // the first of each
  return out;
}

std::vector<std::string> form_values(const http::Request& request, const std::string& name) {
  std::vector<std::string> out;
  auto pairs = form_pairs(request);
  auto [begin, end] = pairs.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

std::string query_param(const http::Request& request, std::string_view name) {
  std::string_view rest = request.query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    auto eq = part.find('=');
    if (part.substr(0, eq) == name) {
      std::string value;
      if (eq != std::string_view::npos && http::percent_decode(part.substr(eq + 1), value, true))
        return value;
      return {};
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
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

}  // namespace tsunagu::api
